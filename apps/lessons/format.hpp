// printf-style formatting into a std::string (C++17 has no std::format), checked by the
// compiler like printf.
#pragma once

#include <string>

namespace tinynn::apps {

std::string format(const char* fmt, ...) __attribute__((format(printf, 1, 2)));

}  // namespace tinynn::apps
