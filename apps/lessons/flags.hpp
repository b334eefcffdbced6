// A small, strict command-line flag reader for the apps: --name VALUE or --name=VALUE.
// Every malformed or unknown flag is an InputError naming the flag and what was expected.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace tinynn::apps {

class Flags {
 public:
  /// `known` lists the flags that take a value; "--help"/"-h" is always accepted.
  Flags(int argc, char** argv, const std::vector<std::string>& known);

  bool help() const { return help_; }
  bool has(const std::string& name) const { return values_.count(name) != 0; }
  std::string get_string(const std::string& name, const std::string& fallback) const;
  double get_double(const std::string& name, double fallback) const;       ///< finite
  double get_positive(const std::string& name, double fallback) const;     ///< finite, > 0
  std::int64_t get_int(const std::string& name, std::int64_t fallback, std::int64_t min,
                       std::int64_t max) const;                             ///< whole, in range
  std::uint64_t get_seed(const std::string& name, std::uint64_t fallback) const;

 private:
  std::map<std::string, std::string> values_;
  bool help_ = false;
};

}  // namespace tinynn::apps
