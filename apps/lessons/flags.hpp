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
  /// `known` lists the flags that take a value, `switches` those that take none;
  /// "--help"/"-h" is always accepted. Arguments not starting with "--" are positional: at
  /// most `max_positional` of them. Parsing starts at argv[first].
  Flags(int argc, char** argv, const std::vector<std::string>& known,
        const std::vector<std::string>& switches = {}, std::size_t max_positional = 0,
        int first = 1);

  bool help() const { return help_; }
  bool has(const std::string& name) const { return values_.count(name) != 0; }
  /// Every value given for a flag that may repeat (e.g. --set a=1 --set b=2), in order.
  std::vector<std::string> get_all(const std::string& name) const;
  const std::vector<std::string>& positional() const { return positional_; }
  std::string get_string(const std::string& name, const std::string& fallback) const;
  double get_double(const std::string& name, double fallback) const;       ///< finite
  double get_positive(const std::string& name, double fallback) const;     ///< finite, > 0
  std::int64_t get_int(const std::string& name, std::int64_t fallback, std::int64_t min,
                       std::int64_t max) const;                             ///< whole, in range
  std::uint64_t get_seed(const std::string& name, std::uint64_t fallback) const;

 private:
  std::map<std::string, std::vector<std::string>> values_;
  std::vector<std::string> positional_;
  bool help_ = false;
};

}  // namespace tinynn::apps
