#include "CCurlShim.h"

CURLcode oi_curl_easy_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

CURLcode oi_curl_easy_setopt_ptr(CURL *handle, CURLoption option, const void *value) {
    return curl_easy_setopt(handle, option, value);
}

CURLcode oi_curl_easy_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

CURLcode oi_curl_easy_setopt_func(CURL *handle, CURLoption option, oi_curl_data_callback callback) {
    return curl_easy_setopt(handle, option, callback);
}

CURLcode oi_curl_easy_setopt_xferinfo(CURL *handle, oi_curl_xferinfo_callback callback) {
    return curl_easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, callback);
}

CURLcode oi_curl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

CURLcode oi_curl_easy_getinfo_ptr(CURL *handle, CURLINFO info, void **value) {
    return curl_easy_getinfo(handle, info, value);
}

CURLcode oi_curl_easy_getinfo_off_t(CURL *handle, CURLINFO info, curl_off_t *value) {
    return curl_easy_getinfo(handle, info, value);
}

CURLMcode oi_curl_multi_setopt_long(CURLM *multi, CURLMoption option, long value) {
    return curl_multi_setopt(multi, option, value);
}

CURLcode oi_curl_global_init(void) { return curl_global_init(CURL_GLOBAL_ALL); }

long oi_curl_writefunc_pause(void) { return CURL_WRITEFUNC_PAUSE; }
int oi_curl_pause_cont(void) { return CURLPAUSE_CONT; }
int oi_curl_error_size(void) { return CURL_ERROR_SIZE; }
