// Strict flag parsing (see flags.hpp). Numbers go through std::from_chars: "10.5" is not an
// integer, "1e3x" is not a number, and the locale never matters.
#include "flags.hpp"

#include <charconv>
#include <cmath>

#include "tinynn/tensor.hpp"

namespace tinynn::apps {

Flags::Flags(int argc, char** argv, const std::vector<std::string>& known,
             const std::vector<std::string>& switches, std::size_t max_positional, int first) {
  const auto listed = [](const std::vector<std::string>& list, const std::string& name) {
    for (const auto& k : list) {
      if (k == name) return true;
    }
    return false;
  };
  // --help anywhere wins over every other argument, even malformed ones.
  for (int i = first; i < argc; ++i) {
    if (std::string(argv[i]) == "--help" || std::string(argv[i]) == "-h") {
      help_ = true;
      return;
    }
  }
  for (int i = first; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg.rfind("--", 0) != 0) {
      if (positional_.size() >= max_positional) {
        throw InputError("unexpected argument '" + arg + "' (see --help)");
      }
      positional_.push_back(arg);
      continue;
    }
    std::string name = arg.substr(2);
    std::string value;
    const auto eq = name.find('=');
    const bool inline_value = eq != std::string::npos;
    if (inline_value) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
    }
    if (listed(switches, name)) {
      if (inline_value) throw InputError("--" + name + " takes no value");
      values_[name].push_back("");
      continue;
    }
    if (!listed(known, name)) {
      std::string list;
      for (const auto& k : known) list += (list.empty() ? "--" : ", --") + k;
      for (const auto& k : switches) list += (list.empty() ? "--" : ", --") + k;
      throw InputError("unknown flag --" + name + " (known: " + list +
                       (list.empty() ? "--help)" : ", --help)"));
    }
    if (!inline_value) {
      if (i + 1 >= argc) throw InputError("--" + name + " needs a value (see --help)");
      value = argv[++i];
    }
    values_[name].push_back(value);
  }
}

std::vector<std::string> Flags::get_all(const std::string& name) const {
  const auto it = values_.find(name);
  return it == values_.end() ? std::vector<std::string>{} : it->second;
}

std::string Flags::get_string(const std::string& name, const std::string& fallback) const {
  const auto it = values_.find(name);
  if (it == values_.end()) return fallback;
  // A flag of one value given twice is a mistake (which one was meant?), not "the last wins".
  if (it->second.size() > 1) {
    throw InputError("--" + name + " is given " + std::to_string(it->second.size()) + " times ('" +
                     it->second[0] + "', '" + it->second[1] + "'); give it once");
  }
  return it->second.back();
}

double Flags::get_double(const std::string& name, double fallback) const {
  if (!has(name)) return fallback;
  const std::string s = get_string(name, "");
  double v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec == std::errc::result_out_of_range && end == s.data() + s.size()) {
    throw InputError("--" + name + ": '" + s + "' is out of the range of a double");
  }
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
  if (!has(name)) return fallback;
  const std::string s = get_string(name, "");
  std::int64_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  const bool whole = !s.empty() && end == s.data() + s.size();
  if (!whole || (ec != std::errc() && ec != std::errc::result_out_of_range)) {
    throw InputError("--" + name + ": expected a whole number, got '" + s + "'");
  }
  if (ec == std::errc::result_out_of_range || v < min || v > max) {
    throw InputError("--" + name + ": expected a whole number from " + std::to_string(min) +
                     " to " + std::to_string(max) + ", got " + s);
  }
  return v;
}

std::uint64_t Flags::get_seed(const std::string& name, std::uint64_t fallback) const {
  if (!has(name)) return fallback;
  const std::string s = get_string(name, "");
  std::uint64_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size()) {
    throw InputError("--" + name + ": expected a whole number from 0 to 18446744073709551615, got '" +
                     s + "'");
  }
  return v;
}

}  // namespace tinynn::apps
