// Strict flag parsing (see flags.hpp). Numbers go through std::from_chars: "10.5" is not an
// integer, "1e3x" is not a number, and the locale never matters.
#include "flags.hpp"

#include <charconv>
#include <cmath>

#include "tinynn/tensor.hpp"

namespace tinynn::apps {

Flags::Flags(int argc, char** argv, const std::vector<std::string>& known) {
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      help_ = true;
      continue;
    }
    if (arg.rfind("--", 0) != 0) {
      throw InputError("unexpected argument '" + arg + "' (flags start with --; see --help)");
    }
    std::string name = arg.substr(2);
    std::string value;
    const auto eq = name.find('=');
    if (eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
    } else {
      if (i + 1 >= argc) throw InputError("--" + name + " needs a value (see --help)");
      value = argv[++i];
    }
    bool ok = false;
    for (const auto& k : known) ok |= (k == name);
    if (!ok) {
      std::string list;
      for (const auto& k : known) list += (list.empty() ? "--" : ", --") + k;
      throw InputError("unknown flag --" + name + " (known: " + list + ", --help)");
    }
    values_[name] = value;
  }
}

std::string Flags::get_string(const std::string& name, const std::string& fallback) const {
  const auto it = values_.find(name);
  return it == values_.end() ? fallback : it->second;
}

double Flags::get_double(const std::string& name, double fallback) const {
  const auto it = values_.find(name);
  if (it == values_.end()) return fallback;
  const std::string& s = it->second;
  double v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v)) {
    throw InputError("--" + name + ": expected a finite number, got '" + s + "'");
  }
  return v;
}

double Flags::get_positive(const std::string& name, double fallback) const {
  const double v = get_double(name, fallback);
  if (!(v > 0)) throw InputError("--" + name + ": expected a number > 0, got '" + get_string(name, "") + "'");
  return v;
}

std::int64_t Flags::get_int(const std::string& name, std::int64_t fallback, std::int64_t min,
                            std::int64_t max) const {
  const auto it = values_.find(name);
  if (it == values_.end()) return fallback;
  const std::string& s = it->second;
  std::int64_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size()) {
    throw InputError("--" + name + ": expected a whole number, got '" + s + "'");
  }
  if (v < min || v > max) {
    throw InputError("--" + name + ": expected a whole number from " + std::to_string(min) +
                     " to " + std::to_string(max) + ", got " + s);
  }
  return v;
}

std::uint64_t Flags::get_seed(const std::string& name, std::uint64_t fallback) const {
  const auto it = values_.find(name);
  if (it == values_.end()) return fallback;
  const std::string& s = it->second;
  std::uint64_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size()) {
    throw InputError("--" + name + ": expected a whole number from 0 to 18446744073709551615, got '" +
                     s + "'");
  }
  return v;
}

}  // namespace tinynn::apps
