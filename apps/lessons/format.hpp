// printf-style formatting into a std::string (C++17 has no std::format), checked by the
// compiler like printf.
#pragma once

#include <string>

namespace tinynn::apps {

std::string format(const char* fmt, ...) __attribute__((format(printf, 1, 2)));

/// A loss for a log line: six decimals ("0.123456"), or "%.6g" once it is too large for
/// that to be readable (a diverging run prints 2.48734e+300, not 300 digits).
std::string loss_text(double loss);

}  // namespace tinynn::apps
