/* OpenSSL 3 (Debian: libssl-dev): keys, Ed25519 and ECDSA P-256 signatures, SHA-256, PKCS#12.
   Only Sources/Receipts and Sources/Accounts (passwords, secrets sealed with AES-256-GCM) see it. */
#ifndef COPENSSL_SHIM_H
#define COPENSSL_SHIM_H
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/ec.h>
#include <openssl/ecdsa.h>
#include <openssl/bn.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>
#include <openssl/core_names.h>

/* Function-like macros are not imported into Swift. */
static inline long copenssl_BIO_get_mem_data(BIO *bio, char **data) { return BIO_get_mem_data(bio, data); }
#endif
