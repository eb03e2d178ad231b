/* libqrencode (Debian: libqrencode-dev), the QR symbol encoder behind Sources/QRCode. */
#ifndef CQRENCODE_SHIM_H
#define CQRENCODE_SHIM_H
#include <qrencode.h>
#endif
