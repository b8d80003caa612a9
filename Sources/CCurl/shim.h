#ifndef OI_CCURL_SHIM_H
#define OI_CCURL_SHIM_H
#include <curl/curl.h>
#endif
