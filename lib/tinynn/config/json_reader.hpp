// Strict reading of JSON documents written by people: every value is type-checked, every
// error names the file and the JSON Pointer (RFC 6901) of the value, what was expected and
// what was found, and unknown keys are errors with a "did you mean" when one is close.
// Internal to config/ and io/ (it includes nlohmann/json.hpp, a heavy header).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tinynn/tensor.hpp"

namespace tinynn::json_reader {

using Json = nlohmann::json;

/// Where a document came from, and which pointers were set from the command line.
struct Source {
  std::string file;
  std::vector<std::pair<std::string, std::string>> overrides;  ///< pointer → "--set a.b=c"
};

/// "FILE: /a/b: what" (plus "(from --set a.b=c)" when that value came from an override).
[[noreturn]] void fail(const Source& src, const std::string& pointer, const std::string& what);

/// pointer + "/" + key with RFC 6901 escaping (~ → ~0, / → ~1).
std::string child(const std::string& pointer, const std::string& key);
std::string child(const std::string& pointer, std::size_t index);

/// How a value looks in a message: string "0.1", number -0.5, true, null, an array, an object.
std::string describe(const Json& value);

/// Parse text as JSON. Syntax errors become "FILE:LINE:COLUMN: JSON syntax error: ...";
/// an empty (or all-whitespace) text is "FILE: the file is empty (expected ...)"; a key that
/// appears twice in one object is an error naming it (nlohmann would keep the last silently).
Json parse(const std::string& text, const Source& src, const std::string& expected_what);

/// Run and model files larger than this are refused unread (Fashion-MNIST's model is ~3 MB).
inline constexpr std::uintmax_t kMaxJsonBytes = 256u * 1024 * 1024;

/// Read a whole regular file (InputError if it is missing, not a regular file, too large, or
/// cannot be opened).
std::string read_file(const std::string& path);

/// A JSON object being read: fetch members by key, then finish() rejects unknown keys.
class Object {
 public:
  Object(const Json& value, std::string pointer, const Source& src);

  bool has(const std::string& key) const;
  const Json& required(const std::string& key) const;  ///< missing → "missing required key"
  const Json* optional(const std::string& key) const;  ///< nullptr when absent
  std::string pointer(const std::string& key) const { return child(pointer_, key); }
  const std::string& pointer() const { return pointer_; }
  const Source& source() const { return src_; }

  /// Typed getters: required when no fallback is given.
  double number(const std::string& key) const;
  double number(const std::string& key, double fallback) const;
  std::int64_t integer(const std::string& key, std::int64_t min, std::int64_t max) const;
  std::int64_t integer(const std::string& key, std::int64_t min, std::int64_t max,
                       std::int64_t fallback) const;
  std::uint64_t seed(const std::string& key, std::uint64_t fallback) const;
  std::string string(const std::string& key) const;
  std::string string(const std::string& key, const std::string& fallback) const;
  bool boolean(const std::string& key, bool fallback) const;
  /// A string that must be one of `allowed`; otherwise the error lists them.
  std::string choice(const std::string& key, const std::vector<std::string>& allowed) const;
  std::string choice(const std::string& key, const std::vector<std::string>& allowed,
                     const std::string& fallback) const;
  Object object(const std::string& key) const;
  /// Any key read with the getters above or listed here counts as known.
  void allow(const std::vector<std::string>& keys) const;
  /// Throw for the first key that was never read or allowed, suggesting a close known one.
  void finish() const;

 private:
  void mark(const std::string& key) const;
  const Json& value_;
  std::string pointer_;
  const Source& src_;
  mutable std::vector<std::string> known_;
};

/// Checks on a single value (used by Object, and for array elements).
double as_number(const Json& v, const std::string& pointer, const Source& src);
std::int64_t as_integer(const Json& v, const std::string& pointer, const Source& src,
                        std::int64_t min, std::int64_t max);
std::string as_string(const Json& v, const std::string& pointer, const Source& src);
std::string as_choice(const Json& v, const std::string& pointer, const Source& src,
                      const std::vector<std::string>& allowed);

/// The closest of `candidates` to `word` if it is plausibly a typo (edit distance ≤ 2, or ≤ a
/// third of the length), else "".
std::string closest(const std::string& word, const std::vector<std::string>& candidates);

/// Apply "a.b.c=value" to doc: the value is parsed as JSON when it is valid JSON (500, true,
/// [1,2], "x"), else taken as a string (sgd). Returns the pointer it set ("/a/b/c").
std::string apply_override(Json& doc, const std::string& assignment);

}  // namespace tinynn::json_reader
