// CSV loading with errors that point at the exact line and column (see dataset.hpp).
#include <algorithm>
#include <charconv>
#include <filesystem>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "tinynn/data/dataset.hpp"

namespace tinynn {

namespace {

[[noreturn]] void fail(const std::string& path, std::size_t line, std::size_t column,
                       const std::string& what) {
  std::string where = path;
  if (line > 0) where += ":" + std::to_string(line);
  if (column > 0) where += ":" + std::to_string(column);
  throw InputError(where + ": " + what);
}

// Split one line on commas. A field may be quoted as RFC 4180 says ("a, b" holds a comma,
// "" is one quote), as spreadsheets and pandas write names; a quoted field cannot span lines.
std::vector<std::string> split_fields(const std::string& line, const std::string& path,
                                      std::size_t line_no) {
  std::vector<std::string> fields;
  std::size_t i = 0;
  while (true) {
    std::size_t start = i;
    while (start < line.size() && (line[start] == ' ' || line[start] == '\t')) ++start;
    if (start < line.size() && line[start] == '"') {
      std::string field;
      std::size_t k = start + 1;
      while (true) {
        if (k >= line.size()) {
          fail(path, line_no, start + 1,
               "a quoted field is not closed on its line (fields spanning lines are not supported)");
        }
        if (line[k] == '"') {
          if (k + 1 < line.size() && line[k + 1] == '"') {
            field += '"';
            k += 2;
            continue;
          }
          break;
        }
        field += line[k++];
      }
      ++k;  // the closing quote; only blanks may follow it before the comma
      while (k < line.size() && (line[k] == ' ' || line[k] == '\t')) ++k;
      if (k < line.size() && line[k] != ',') {
        fail(path, line_no, k + 1, "unexpected text after a closing quote (expected a comma)");
      }
      fields.push_back(field);
      if (k >= line.size()) return fields;
      i = k + 1;
      continue;
    }
    const auto comma = line.find(',', i);
    const std::string field = line.substr(i, comma == std::string::npos ? std::string::npos : comma - i);
    const auto quote = field.find('"');
    if (quote != std::string::npos) {
      fail(path, line_no, i + quote + 1, "a quote inside an unquoted field (quote the whole field: \"...\")");
    }
    fields.push_back(field);
    if (comma == std::string::npos) return fields;
    i = comma + 1;
  }
}

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  const auto e = s.find_last_not_of(" \t");
  return s.substr(b, e - b + 1);
}

// Out of range one way or the other: is the number written in [first, last) tiny (1e-400,
// 0.000…01) rather than huge (1e400, 1000…0)? Its decimal exponent tells: the position of the
// first non-zero digit relative to the point, plus the exponent after 'e'.
bool underflows(const char* first, const char* last) {
  if (first != last && *first == '-') ++first;
  long magnitude = 0;  // ≈ log10 |value|
  bool seen_point = false, seen_digit = false;
  long leading = 0;  // digits before the point (after leading zeros), or zeros after it
  const char* p = first;
  for (; p != last && *p != 'e' && *p != 'E'; ++p) {
    if (*p == '.') {
      seen_point = true;
    } else if (!seen_digit && *p == '0') {
      if (seen_point) ++leading;
    } else if (!seen_digit) {
      seen_digit = true;
      magnitude = seen_point ? -(leading + 1) : 0;
    } else if (!seen_point) {
      ++magnitude;
    }
  }
  if (p != last) magnitude += std::strtol(p + 1, nullptr, 10);  // saturates at LONG_MIN/MAX
  return magnitude < 0;
}

// One field → a finite double, or an error naming line, column and the column's name.
double parse_number(const std::string& raw, const std::string& path, std::size_t line,
                    std::size_t column, const std::string& column_name) {
  const std::string text = trim(raw);
  const std::string where_col = "column " + std::to_string(column) + " ('" + column_name + "')";
  if (text.empty()) fail(path, line, column, "empty field in " + where_col + ", expected a number");
  const char* first = text.data();
  const char* last = text.data() + text.size();
  if (*first == '+') ++first;  // from_chars rejects a leading '+', a CSV writer may emit one
  if (first != text.data() && first != last && (*first == '-' || *first == '+')) {
    fail(path, line, column, "'" + text + "' in " + where_col + " is not a number");  // "+-1"
  }
  double value = 0;
  const auto [end, ec] = std::from_chars(first, last, value);
  if (ec == std::errc::result_out_of_range && end == last && underflows(first, last)) {
    return *first == '-' ? -0.0 : 0.0;  // 1e-400: nearer to 0 than any double, read as 0 (as strtod)
  }
  if (ec == std::errc::result_out_of_range) {
    fail(path, line, column, "'" + text + "' in " + where_col +
                                 " is larger than any double (about 1.8e308)");
  }
  if (ec != std::errc() || end != last) {
    fail(path, line, column, "'" + text + "' in " + where_col + " is not a number");
  }
  if (!std::isfinite(value)) {
    fail(path, line, column, "'" + text + "' in " + where_col + " is not a finite number");
  }
  return value;
}

}  // namespace

Table load_csv_table(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (!fs::exists(status)) {
    const bool relative = fs::path(path).is_relative();
    fail(path, 0, 0, std::string("cannot open the file for reading: no such file") +
                         (relative ? " (relative paths start from the current directory, " +
                                         fs::current_path(ec).string() + ")"
                                   : ""));
  }
  if (fs::is_directory(status)) fail(path, 0, 0, "cannot open the file for reading: it is a directory");
  if (!fs::is_regular_file(status)) {
    fail(path, 0, 0, "cannot open the file for reading: not a regular file (a device or a pipe?)");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) fail(path, 0, 0, "cannot open the file for reading (permission?)");

  // Read every line, dropping a '\r' before '\n' (CRLF files).
  std::vector<std::string> lines;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
  }
  if (in.bad()) fail(path, 0, 0, "read error");
  while (!lines.empty() && trim(lines.back()).empty()) lines.pop_back();  // trailing blank lines
  if (lines.empty()) fail(path, 0, 0, "the file is empty (expected a header row and data rows)");

  Table t;
  t.source = path;
  for (std::size_t l = 0; l < lines.size(); ++l) {
    const auto cr = lines[l].find('\r');
    if (cr != std::string::npos) {
      fail(path, l + 1, cr + 1, lines.size() == 1 ? "the lines end in a bare carriage return (CR, old Mac "
                                                    "style); expected LF or CRLF line ends"
                                                  : "a carriage return (CR) inside a line");
    }
  }
  if (lines[0].rfind("\xEF\xBB\xBF", 0) == 0) lines[0].erase(0, 3);  // a UTF-8 byte-order mark
  std::vector<std::string> header = split_fields(lines[0], path, 1);
  for (std::size_t c = 0; c < header.size(); ++c) {
    header[c] = trim(header[c]);
    if (header[c].empty()) fail(path, 1, c + 1, "empty column name in the header row");
    const std::size_t bad = invalid_utf8_at(header[c]);
    if (bad != std::string::npos) {
      fail(path, 1, 0, "column " + std::to_string(c + 1) + "'s name is not valid UTF-8 (byte " +
                           std::to_string(bad + 1) + " of the name); names must be UTF-8 to go into model files");
    }
    for (std::size_t earlier = 0; earlier < c; ++earlier) {
      if (header[earlier] == header[c]) {
        fail(path, 1, c + 1, "column name '" + header[c] + "' appears twice (columns " +
                                 std::to_string(earlier + 1) + " and " + std::to_string(c + 1) +
                                 ")");
      }
    }
  }
  if (lines.size() == 1) fail(path, 0, 0, "the header row is there but no data rows follow");

  const std::size_t n = lines.size() - 1;
  const std::size_t width = header.size();
  t.values = Tensor::from_shape({n, width});
  for (std::size_t r = 0; r < n; ++r) {
    const std::size_t line_no = r + 2;
    const std::vector<std::string> fields = split_fields(lines[r + 1], path, line_no);
    if (fields.size() != width) {
      if (trim(lines[r + 1]).empty()) {
        fail(path, line_no, 0, "blank line inside the data (expected " + std::to_string(width) +
                                   " fields)");
      }
      fail(path, line_no, 0, "this row has " + std::to_string(fields.size()) +
                                 " fields, expected " + std::to_string(width) +
                                 " (as many as the header)");
    }
    for (std::size_t c = 0; c < width; ++c) {
      t.values(r, c) = parse_number(fields[c], path, line_no, c + 1, header[c]);
    }
  }
  t.columns = std::move(header);
  return t;
}

Tensor select_columns(const Table& t, const std::vector<std::string>& names) {
  std::vector<std::size_t> index;
  std::string missing;
  for (const auto& name : names) {
    const auto it = std::find(t.columns.begin(), t.columns.end(), name);
    if (it == t.columns.end()) missing += (missing.empty() ? "'" : ", '") + name + "'";
    else index.push_back(static_cast<std::size_t>(it - t.columns.begin()));
  }
  if (!missing.empty()) {
    std::string have;
    for (const auto& c : t.columns) have += (have.empty() ? "" : ", ") + c;
    fail(t.source, 1, 0, "missing column(s) " + missing + " (the header has: " + have + ")");
  }
  Tensor out = Tensor::from_shape({t.values.shape(0), names.size()});
  for (std::size_t r = 0; r < out.shape(0); ++r) {
    for (std::size_t j = 0; j < index.size(); ++j) out(r, j) = t.values(r, index[j]);
  }
  return out;
}

Dataset load_csv(const std::string& path, const std::string& target) {
  const Table t = load_csv_table(path);
  if (t.columns.size() < 2) {
    fail(path, 1, 0, "the header has " + std::to_string(t.columns.size()) +
                         " column; expected at least one feature and a target");
  }
  std::size_t target_col = t.columns.size() - 1;
  if (!target.empty()) {
    const auto it = std::find(t.columns.begin(), t.columns.end(), target);
    if (it == t.columns.end()) {
      std::string names;
      for (const auto& h : t.columns) names += (names.empty() ? "" : ", ") + h;
      fail(path, 1, 0, "no column named '" + target + "' for the target (columns: " + names + ")");
    }
    target_col = static_cast<std::size_t>(it - t.columns.begin());
  }
  Dataset d;
  d.source = path;
  d.target_name = t.columns[target_col];
  std::vector<std::string> features;
  for (std::size_t c = 0; c < t.columns.size(); ++c) {
    if (c != target_col) features.push_back(t.columns[c]);
  }
  d.x = select_columns(t, features);
  d.y = select_columns(t, {d.target_name});
  d.feature_names = std::move(features);
  return d;
}

}  // namespace tinynn
