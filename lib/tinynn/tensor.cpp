// Shape helpers and the portable random generator (see tensor.hpp).
#include "tinynn/tensor.hpp"

#include <charconv>
#include <cctype>
#include <cmath>

#include <xtensor/xbuilder.hpp>

namespace tinynn {

std::string shape_str(const Tensor& t) {
  return std::to_string(t.shape(0)) + "x" + std::to_string(t.shape(1));
}

namespace {
// The length of the valid UTF-8 sequence that starts at text[i], or 0 if there is none. A lead
// byte says how many continuation bytes (10xxxxxx) follow; overlong forms, UTF-16 surrogates
// (U+D800-DFFF) and code points above U+10FFFF are invalid.
std::size_t utf8_length_at(const std::string& text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char c = byte(i);
  std::size_t len = 0;
  unsigned lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) len = 2;
  else if (c == 0xE0) { len = 3; lo = 0xA0; }
  else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) len = 3;
  else if (c == 0xED) { len = 3; hi = 0x9F; }
  else if (c == 0xF0) { len = 4; lo = 0x90; }
  else if (c >= 0xF1 && c <= 0xF3) len = 4;
  else if (c == 0xF4) { len = 4; hi = 0x8F; }
  else return 0;
  if (i + len > text.size()) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    const unsigned b = byte(i + k);
    if (b < (k == 1 ? lo : 0x80u) || b > (k == 1 ? hi : 0xBFu)) return 0;
  }
  return len;
}
}  // namespace

std::string printable(const std::string& text) {
  static const char* hex = "0123456789abcdef";
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto byte = static_cast<unsigned char>(text[i]);
    const std::size_t len = utf8_length_at(text, i);
    if (len == 0 || (byte < 0x20 && byte != '\n' && byte != '\t') || byte == 0x7f) {
      out += "\\x";
      out += hex[byte >> 4];
      out += hex[byte & 15];
      ++i;
    } else {
      out.append(text, i, len);
      i += len;
    }
  }
  return out;
}

std::string ascii_lowercase(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

bool is_svg_name(const std::string& path) {
  return path.size() > 4 && ascii_lowercase(path.substr(path.size() - 4)) == ".svg";
}

std::size_t invalid_utf8_at(const std::string& text) {
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t len = utf8_length_at(text, i);
    if (len == 0) return i;
    i += len;
  }
  return std::string::npos;
}

std::string to_text(double v) {
  if (std::isnan(v)) return "nan";  // printf would say "-nan" for some NaNs
  char buf[32];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);  // shortest round-trip form
  return ec == std::errc() ? std::string(buf, end) : std::to_string(v);
}

Tensor zeros(std::size_t rows, std::size_t cols) { return xt::zeros<double>({rows, cols}); }

Tensor filled(std::size_t rows, std::size_t cols, double value) {
  Tensor t = xt::empty<double>({rows, cols});
  t.fill(value);
  return t;
}

Tensor from_rows(const std::vector<std::vector<double>>& rows) {
  const std::size_t n = rows.size();
  const std::size_t m = n == 0 ? 0 : rows[0].size();
  Tensor t = zeros(n, m);
  for (std::size_t i = 0; i < n; ++i) {
    if (rows[i].size() != m) {
      throw std::invalid_argument("from_rows: row " + std::to_string(i) + " has " +
                                  std::to_string(rows[i].size()) + " values, row 0 has " +
                                  std::to_string(m));
    }
    for (std::size_t j = 0; j < m; ++j) t(i, j) = rows[i][j];
  }
  return t;
}

std::uint64_t Rng::next_u64() {
  std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

double Rng::uniform() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }

double Rng::normal() {
  // Box–Muller: for u1 in (0,1], u2 in [0,1), sqrt(-2 ln u1)·cos(2π u2) is N(0,1).
  const double u1 = 1.0 - uniform();  // (0, 1]: log(0) never happens
  const double u2 = uniform();
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
}

std::uint64_t Rng::below(std::uint64_t n) {
  if (n == 0) throw std::invalid_argument("Rng::below(0): the range is empty");
  // Values in the top partial block [limit, 2^64) would favour small results: draw again.
  const std::uint64_t limit = UINT64_MAX - UINT64_MAX % n;
  std::uint64_t r = next_u64();
  while (r >= limit) r = next_u64();
  return r % n;
}

std::vector<std::size_t> permutation(std::size_t n, Rng& rng) {
  std::vector<std::size_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = i;
  for (std::size_t i = n; i > 1; --i) {  // Fisher–Yates: swap slot i-1 with a random earlier slot
    const std::size_t j = static_cast<std::size_t>(rng.below(i));
    std::swap(order[i - 1], order[j]);
  }
  return order;
}

}  // namespace tinynn
