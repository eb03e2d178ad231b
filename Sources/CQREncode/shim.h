/* libqrencode (Debian: libqrencode-dev), the QR symbol encoder behind Sources/QRCode. */
#ifndef CQRENCODE_SHIM_H
#define CQRENCODE_SHIM_H
#include <qrencode.h>

/* Encodes with data mask `mask` (0-7), or with the one libqrencode scores best when `mask` is -1
   (what QRcode_encodeInput does). Not in qrencode.h: declared in libqrencode's qrencode_inner.h
   and exported only by builds configured --with-tests, as Debian's libqrencode4 4.1.1 is (the
   platform this project targets; another build fails at link time, not at run time). Cashless
   asks for mask 0 and chooses the mask itself (Sources/QRCode/DataMask.swift), several times
   faster than libqrencode's scoring; Tests/QRCodeTests check every mask against this function. */
extern QRcode *QRcode_encodeMask(QRinput *input, int mask);
#endif
