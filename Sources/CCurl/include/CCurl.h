// libcurl, loaded on first use (dlopen) rather than linked: only the commands that fetch or sync
// pay for loading libcurl and its dependencies (TLS, Kerberos, LDAP, IDN…); `folio search` does
// not. The functions Folio calls are wrapped here, with typed versions of the variadic ones,
// which Swift cannot call; the types and constants come from libcurl's header.
#ifndef FOLIO_CCURL_H
#define FOLIO_CCURL_H

#include <curl/curl.h>

/// Loads libcurl (once, thread-safe) and runs `curl_global_init`. Returns NULL when it is ready,
/// else the loader's reason (the library is missing or lacks a function), which stays valid.
const char *folio_curl_load(void);

typedef size_t (*folio_curl_data_callback)(char *data, size_t size, size_t count, void *context);
typedef int (*folio_curl_progress_callback)(void *context, curl_off_t download_total, curl_off_t downloaded,
                                            curl_off_t upload_total, curl_off_t uploaded);

CURL *folio_curl_easy_init(void);
void folio_curl_easy_cleanup(CURL *handle);
void folio_curl_easy_reset(CURL *handle);
CURLcode folio_curl_easy_perform(CURL *handle);
const char *folio_curl_easy_strerror(CURLcode code);
struct curl_slist *folio_curl_slist_append(struct curl_slist *list, const char *string);
void folio_curl_slist_free_all(struct curl_slist *list);

CURLcode folio_curl_set_long(CURL *handle, CURLoption option, long value);
CURLcode folio_curl_set_string(CURL *handle, CURLoption option, const char *value);
CURLcode folio_curl_set_pointer(CURL *handle, CURLoption option, void *value);
CURLcode folio_curl_set_offset(CURL *handle, CURLoption option, curl_off_t value);
CURLcode folio_curl_set_data_callback(CURL *handle, CURLoption option, folio_curl_data_callback callback);
CURLcode folio_curl_set_progress_callback(CURL *handle, folio_curl_progress_callback callback);
CURLcode folio_curl_get_long(CURL *handle, CURLINFO info, long *value);
CURLcode folio_curl_get_offset(CURL *handle, CURLINFO info, curl_off_t *value);
CURLcode folio_curl_get_string(CURL *handle, CURLINFO info, char **value);

#endif
