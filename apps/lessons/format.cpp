#include "format.hpp"

#include <cstdarg>
#include <cmath>
#include <cstdio>

namespace tinynn::apps {

std::string format(const char* fmt, ...) {
  va_list args;
  va_start(args, fmt);
  va_list again;
  va_copy(again, args);
  const int n = std::vsnprintf(nullptr, 0, fmt, args);
  va_end(args);
  std::string out(n > 0 ? static_cast<std::size_t>(n) : 0, '\0');
  if (n > 0) std::vsnprintf(out.data(), out.size() + 1, fmt, again);
  va_end(again);
  return out;
}

std::string loss_text(double loss) {
  return std::abs(loss) < 1e6 ? format("%.6f", loss) : format("%.6g", loss);
}

}  // namespace tinynn::apps
