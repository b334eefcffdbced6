// Strict JSON reading with exact error locations (see json_reader.hpp).
#include "tinynn/config/json_reader.hpp"

#include <algorithm>
#include <charconv>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>

namespace tinynn::json_reader {

void fail(const Source& src, const std::string& pointer, const std::string& what) {
  std::string msg = src.file + ": " + (pointer.empty() ? std::string("(top level)") : pointer) +
                    ": " + what;
  // The value came from --set (the last one wins when a key is set twice), or an override
  // below this object (say --set optimizer.type=sgd) made it incomplete.
  std::string origin;
  for (const auto& [ptr, assignment] : src.overrides) {
    if (pointer == ptr || pointer.rfind(ptr + "/", 0) == 0) origin = " (from " + assignment + ")";
  }
  if (origin.empty()) {
    for (const auto& [ptr, assignment] : src.overrides) {
      if (ptr.rfind(pointer + "/", 0) == 0) origin = " (after " + assignment + ")";
    }
  }
  throw InputError(msg + origin);
}

std::string child(const std::string& pointer, const std::string& key) {
  std::string escaped;
  for (char c : key) {
    if (c == '~') escaped += "~0";
    else if (c == '/') escaped += "~1";
    else escaped += c;
  }
  return pointer + "/" + escaped;
}

std::string child(const std::string& pointer, std::size_t index) {
  return pointer + "/" + std::to_string(index);
}

std::string describe(const Json& v) {
  switch (v.type()) {
    case Json::value_t::null: return "null";
    case Json::value_t::boolean: return v.get<bool>() ? "true" : "false";
    // (dump would throw on a string that is not UTF-8: replace such bytes, the message is for people)
    case Json::value_t::string: return "string " + v.dump(-1, ' ', false, Json::error_handler_t::replace);
    case Json::value_t::array: return "an array";
    case Json::value_t::object: return "an object";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float: return "number " + v.dump();
    default: return v.dump(-1, ' ', false, Json::error_handler_t::replace);
  }
}

std::string read_file(const std::string& path) {
  namespace fs = std::filesystem;
  if (path.empty()) throw InputError("an empty file name was given (expected a path to a JSON file)");
  // Only regular files: a FIFO would block forever, /dev/zero would fill the memory, and a
  // directory would read as an empty file.
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (ec || !fs::exists(status)) {
    throw InputError(path + ": cannot open the file (" +
                     (ec ? ec.message() : std::string("no such file")) + ")");
  }
  if (fs::is_directory(status)) throw InputError(path + ": is a directory, not a JSON file");
  if (!fs::is_regular_file(status)) {
    throw InputError(path + ": not a regular file (a device, pipe or socket); expected a JSON file");
  }
  const std::uintmax_t size = fs::file_size(path, ec);
  if (!ec && size > kMaxJsonBytes) {
    throw InputError(path + ": the file is " + std::to_string(size) + " bytes; JSON files over " +
                     std::to_string(kMaxJsonBytes) + " bytes are refused");
  }
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw InputError(path + ": cannot open the file for reading (" +
                     (errno ? std::strerror(errno) : "unknown reason") + ")");
  }
  std::ostringstream s;
  s << in.rdbuf();
  if (in.bad()) throw InputError(path + ": read error");
  return s.str();
}

namespace {
// One level of the document while parsing, to name the pointer of a duplicated key.
struct Frame {
  bool array = false;
  std::size_t index = 0;
  std::string key;
  std::set<std::string> keys;
};

std::string pointer_of(const std::vector<Frame>& frames) {
  std::string p;
  for (const Frame& f : frames) p = f.array ? child(p, f.index) : child(p, f.key);
  return p;
}
}  // namespace

Json parse(const std::string& text, const Source& src, const std::string& expected_what) {
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
    throw InputError(src.file + ": the file is empty (expected " + expected_what + ")");
  }
  std::vector<Frame> frames;
  const auto on_event = [&](int, Json::parse_event_t event, Json& parsed) {
    switch (event) {
      case Json::parse_event_t::object_start: frames.push_back(Frame{}); break;
      case Json::parse_event_t::array_start: frames.push_back(Frame{true, 0, "", {}}); break;
      case Json::parse_event_t::key: {
        Frame& f = frames.back();
        f.key = parsed.get<std::string>();
        if (!f.keys.insert(f.key).second) {
          fail(src, pointer_of(frames), "the key \"" + f.key +
                                            "\" appears twice in this object (JSON keeps only one "
                                            "of them silently, so tinynn refuses)");
        }
        break;
      }
      case Json::parse_event_t::object_end:
      case Json::parse_event_t::array_end:
        frames.pop_back();
        if (!frames.empty() && frames.back().array) ++frames.back().index;
        break;
      case Json::parse_event_t::value:
        if (!frames.empty() && frames.back().array) ++frames.back().index;
        break;
    }
    return true;
  };
  try {
    return Json::parse(text, on_event);
  } catch (const Json::parse_error& e) {
    // e.byte is the 1-based offset of the character where parsing stopped.
    const std::size_t at = std::min<std::size_t>(e.byte == 0 ? 0 : e.byte - 1, text.size());
    std::size_t line = 1, line_start = 0;
    for (std::size_t i = 0; i < at; ++i) {
      if (text[i] == '\n') {
        ++line;
        line_start = i + 1;
      }
    }
    std::string detail = e.what();
    const auto col = detail.find("column ");
    const auto colon = col == std::string::npos ? std::string::npos : detail.find(": ", col);
    if (colon != std::string::npos) detail = detail.substr(colon + 2);
    throw InputError(src.file + ":" + std::to_string(line) + ":" +
                     std::to_string(at - line_start + 1) + ": JSON syntax error: " + detail);
  } catch (const Json::exception& e) {  // e.g. out_of_range 406: a number like 1e400
    std::string detail = e.what();
    const auto bracket = detail.find("] ");
    if (bracket != std::string::npos) detail = detail.substr(bracket + 2);
    // nlohmann gives no position here, but names the number: find where it is written.
    std::string where;
    const auto quote = detail.find('\'');
    const auto end = quote == std::string::npos ? quote : detail.find('\'', quote + 1);
    if (end != std::string::npos) {
      const std::string token = detail.substr(quote + 1, end - quote - 1);
      const auto at = token.empty() ? std::string::npos : text.find(token);
      if (at != std::string::npos) {
        std::size_t line = 1, line_start = 0;
        for (std::size_t i = 0; i < at; ++i) {
          if (text[i] == '\n') {
            ++line;
            line_start = i + 1;
          }
        }
        where = ":" + std::to_string(line) + ":" + std::to_string(at - line_start + 1);
      }
      detail += " (larger than any double, about 1.8e308)";
    }
    throw InputError(src.file + where + ": invalid JSON: " + detail);
  }
}

// ---- single values ----

double as_number(const Json& v, const std::string& pointer, const Source& src) {
  if (!v.is_number()) fail(src, pointer, "expected a number, found " + describe(v));
  const double d = v.get<double>();
  if (!std::isfinite(d)) fail(src, pointer, "expected a finite number, found " + describe(v));
  return d;
}

std::int64_t as_integer(const Json& v, const std::string& pointer, const Source& src,
                        std::int64_t min, std::int64_t max) {
  const std::string range = "a whole number from " + std::to_string(min) + " to " +
                            std::to_string(max);
  if (!v.is_number()) fail(src, pointer, "expected " + range + ", found " + describe(v));
  // nlohmann's get<int>() would turn 10.5 into 10 silently: check the value ourselves.
  if (v.is_number_float()) {
    const double d = v.get<double>();
    // double(INT64_MAX) rounds up to 2^63, which passes d <= max but does not fit an int64_t
    // (the cast would be undefined): 2^63 itself must be refused too.
    if (!(d == std::floor(d)) || !(d >= static_cast<double>(min)) ||
        !(d <= static_cast<double>(max)) || !(d < 9223372036854775808.0)) {
      fail(src, pointer, "expected " + range + ", found " + describe(v));
    }
    return static_cast<std::int64_t>(d);
  }
  if (v.is_number_unsigned()) {
    const auto u = v.get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(max)) fail(src, pointer, "expected " + range + ", found " + describe(v));
    const auto i = static_cast<std::int64_t>(u);
    if (i < min) fail(src, pointer, "expected " + range + ", found " + describe(v));
    return i;
  }
  const auto i = v.get<std::int64_t>();
  if (i < min || i > max) fail(src, pointer, "expected " + range + ", found " + describe(v));
  return i;
}

std::string as_string(const Json& v, const std::string& pointer, const Source& src) {
  if (!v.is_string()) fail(src, pointer, "expected a string, found " + describe(v));
  return v.get<std::string>();
}

std::string as_choice(const Json& v, const std::string& pointer, const Source& src,
                      const std::vector<std::string>& allowed) {
  std::string list;
  for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
  if (!v.is_string()) fail(src, pointer, "expected one of " + list + ", found " + describe(v));
  const std::string s = v.get<std::string>();
  if (std::find(allowed.begin(), allowed.end(), s) == allowed.end()) {
    const std::string near = closest(s, allowed);
    fail(src, pointer, "unknown value \"" + s + "\"" +
                           (near.empty() ? "" : " (did you mean \"" + near + "\"?)") +
                           "; supported: " + list);
  }
  return s;
}

// ---- objects ----

namespace {
std::size_t edit_distance(const std::string& a, const std::string& b);  // below, with closest
}  // namespace

Object::Object(const Json& value, std::string pointer, const Source& src)
    : value_(value), pointer_(std::move(pointer)), src_(src) {
  if (!value_.is_object()) fail(src_, pointer_, "expected an object {...}, found " + describe(value_));
}

void Object::mark(const std::string& key) const { known_.push_back(key); }

bool Object::has(const std::string& key) const { return value_.contains(key); }

const Json& Object::required(const std::string& key) const {
  mark(key);
  if (!value_.contains(key)) {
    // A typo of a required key ("unit" for "units") would otherwise never be reported: the
    // missing key stops the reading before finish() could name the unknown one. Only one
    // edit away, and not a key already read, so that a valid neighbour ("init" beside a
    // missing "units", "0.weight" beside a missing "1.weight") is never called a typo.
    std::string typo;
    for (const auto& item : value_.items()) {
      if (edit_distance(item.key(), key) == 1 &&
          std::find(known_.begin(), known_.end(), item.key()) == known_.end()) {
        typo = " (found \"" + item.key() + "\": did you mean \"" + key + "\"?)";
        break;
      }
    }
    fail(src_, pointer_, "missing required key \"" + key + "\"" + typo);
  }
  return value_.at(key);
}

const Json* Object::optional(const std::string& key) const {
  mark(key);
  const auto it = value_.find(key);
  return it == value_.end() ? nullptr : &*it;
}

double Object::number(const std::string& key) const {
  return as_number(required(key), pointer(key), src_);
}
double Object::number(const std::string& key, double fallback) const {
  const Json* v = optional(key);
  return v ? as_number(*v, pointer(key), src_) : fallback;
}
std::int64_t Object::integer(const std::string& key, std::int64_t min, std::int64_t max) const {
  return as_integer(required(key), pointer(key), src_, min, max);
}
std::int64_t Object::integer(const std::string& key, std::int64_t min, std::int64_t max,
                             std::int64_t fallback) const {
  const Json* v = optional(key);
  return v ? as_integer(*v, pointer(key), src_, min, max) : fallback;
}
std::uint64_t Object::seed(const std::string& key, std::uint64_t fallback) const {
  const Json* v = optional(key);
  if (!v) return fallback;
  if (v->is_number_unsigned()) return v->get<std::uint64_t>();  // 0 to 2^64 - 1
  // 1e3 is a whole number too; above 2^53 a double no longer holds every whole number, so
  // 18446744073709551616 (parsed as a double) is refused rather than rounded.
  if (v->is_number_float()) {
    const double d = v->get<double>();
    if (d >= 0 && d <= 9007199254740992.0 && d == std::floor(d)) return static_cast<std::uint64_t>(d);
  }
  if (v->is_number()) {
    fail(src_, pointer(key), "expected a whole number from 0 to 18446744073709551615, found " + describe(*v));
  }
  return static_cast<std::uint64_t>(as_integer(*v, pointer(key), src_, 0, 0));  // names the wrong type
}
std::string Object::string(const std::string& key) const {
  return as_string(required(key), pointer(key), src_);
}
std::string Object::string(const std::string& key, const std::string& fallback) const {
  const Json* v = optional(key);
  return v ? as_string(*v, pointer(key), src_) : fallback;
}
bool Object::boolean(const std::string& key, bool fallback) const {
  const Json* v = optional(key);
  if (!v) return fallback;
  if (!v->is_boolean()) fail(src_, pointer(key), "expected true or false, found " + describe(*v));
  return v->get<bool>();
}
std::string Object::choice(const std::string& key, const std::vector<std::string>& allowed) const {
  return as_choice(required(key), pointer(key), src_, allowed);
}
std::string Object::choice(const std::string& key, const std::vector<std::string>& allowed,
                           const std::string& fallback) const {
  const Json* v = optional(key);
  return v ? as_choice(*v, pointer(key), src_, allowed) : fallback;
}
Object Object::object(const std::string& key) const {
  return Object(required(key), pointer(key), src_);
}
void Object::allow(const std::vector<std::string>& keys) const {
  for (const auto& k : keys) mark(k);
}

void Object::finish() const {
  for (const auto& [key, v] : value_.items()) {
    if (std::find(known_.begin(), known_.end(), key) != known_.end()) continue;
    std::vector<std::string> known = known_;
    std::sort(known.begin(), known.end());
    known.erase(std::unique(known.begin(), known.end()), known.end());
    const std::string near = closest(key, known);
    std::string list;
    for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
    fail(src_, child(pointer_, key),
         "unknown key \"" + key + "\"" + (near.empty() ? "" : " (did you mean \"" + near + "\"?)") +
             "; keys allowed here: " + list);
  }
}

// ---- helpers ----

namespace {
std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}
}  // namespace

std::string closest(const std::string& word, const std::vector<std::string>& candidates) {
  for (const auto& c : candidates) {
    if (ascii_lowercase(c) == ascii_lowercase(word)) return c;  // "SGD" means "sgd"
  }
  std::string best;
  std::size_t best_distance = SIZE_MAX, best_prefix = 0;
  for (const auto& c : candidates) {
    const std::size_t d = edit_distance(word, c);
    // A tie goes to the longer common prefix: "unit" is one edit from both "init" and
    // "units", and means "units".
    std::size_t prefix = 0;
    while (prefix < word.size() && prefix < c.size() && word[prefix] == c[prefix]) ++prefix;
    if (d < best_distance || (d == best_distance && prefix > best_prefix)) {
      best_distance = d;
      best_prefix = prefix;
      best = c;
    }
  }
  const std::size_t limit = std::max<std::size_t>(2, word.size() / 3);
  return best_distance <= limit && best_distance < word.size() ? best : "";
}

std::string apply_override(Json& doc, const std::string& assignment) {
  const auto eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0) {
    throw InputError("--set " + assignment + ": expected KEY=VALUE with a dotted key, e.g. "
                     "training.epochs=500");
  }
  const std::string path = assignment.substr(0, eq);
  const std::string text = assignment.substr(eq + 1);
  if (invalid_utf8_at(assignment) != std::string::npos) {
    throw InputError("--set " + assignment + ": not valid UTF-8 text (JSON holds only UTF-8)");
  }
  Json value = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded()) {
    // Not JSON; but 1e400 is discarded too (no double holds it), and must not become a string.
    double number = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (ec == std::errc::result_out_of_range && end == text.data() + text.size()) {
      throw InputError("--set " + assignment + ": the number " + text +
                       " is out of the range of a double (about 1e-308 to 1.8e308)");
    }
    value = text;  // not JSON: a bare word such as sgd
  }

  Json* node = &doc;
  std::string pointer;
  std::string::size_type start = 0;
  while (true) {
    const auto dot = path.find('.', start);
    const std::string part = path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (part.empty()) throw InputError("--set " + assignment + ": empty key segment in '" + path + "'");
    if (node->is_array()) {
      std::size_t index = 0;
      // At most 9 digits, so std::stoul cannot overflow (it would throw std::out_of_range).
      // "01" is not an index (JSON Pointer, RFC 6901: no leading zeros).
      const bool numeric = part.find_first_not_of("0123456789") == std::string::npos &&
                           part.size() <= 9 && (part.size() == 1 || part[0] != '0');
      if (!numeric || (index = std::stoul(part)) >= node->size()) {
        throw InputError("--set " + assignment + ": " + (pointer.empty() ? "/" : pointer) +
                         " is an array of " + std::to_string(node->size()) +
                         " elements; '" + part + "' is not an index in it");
      }
      pointer = child(pointer, index);
      node = &(*node)[index];
    } else {
      if (node->is_null()) *node = Json::object();
      if (!node->is_object()) {
        throw InputError("--set " + assignment + ": " + pointer + " is " + describe(*node) +
                         ", not an object, so it has no key '" + part + "'");
      }
      pointer = child(pointer, part);
      node = &(*node)[part];
    }
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  *node = std::move(value);
  return pointer;
}

}  // namespace tinynn::json_reader
