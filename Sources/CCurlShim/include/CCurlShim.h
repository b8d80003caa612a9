#ifndef OI_CCURL_WRAPPERS_H
#define OI_CCURL_WRAPPERS_H

// Non-variadic wrappers: curl_easy_setopt/curl_easy_getinfo/curl_multi_setopt
// are variadic C functions, which Swift cannot call.

#include <curl/curl.h>

typedef size_t (*oi_curl_data_callback)(char *ptr, size_t size, size_t nmemb, void *userdata);
typedef int (*oi_curl_xferinfo_callback)(void *userdata, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow);

CURLcode oi_curl_easy_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode oi_curl_easy_setopt_ptr(CURL *handle, CURLoption option, const void *value);
CURLcode oi_curl_easy_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value);
/// For CURLOPT_WRITEFUNCTION, CURLOPT_HEADERFUNCTION and CURLOPT_READFUNCTION.
CURLcode oi_curl_easy_setopt_func(CURL *handle, CURLoption option, oi_curl_data_callback callback);
CURLcode oi_curl_easy_setopt_xferinfo(CURL *handle, oi_curl_xferinfo_callback callback);

CURLcode oi_curl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value);
CURLcode oi_curl_easy_getinfo_ptr(CURL *handle, CURLINFO info, void **value);
CURLcode oi_curl_easy_getinfo_off_t(CURL *handle, CURLINFO info, curl_off_t *value);

CURLMcode oi_curl_multi_setopt_long(CURLM *multi, CURLMoption option, long value);

/// curl_global_init(CURL_GLOBAL_ALL); the flag macro is an expression Swift does not import.
CURLcode oi_curl_global_init(void);

// Macros that are expressions, so Swift does not import them.
long oi_curl_writefunc_pause(void);
int oi_curl_pause_cont(void);
int oi_curl_error_size(void);

#endif
