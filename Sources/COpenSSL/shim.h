// The part of OpenSSL libcrypto the server uses: SHA-256 for token hashes and random bytes
// for new tokens.
#ifndef FOLIO_COPENSSL_SHIM_H
#define FOLIO_COPENSSL_SHIM_H

#include <openssl/rand.h>
#include <openssl/sha.h>
#include <openssl/crypto.h>

#endif
