// Running the built tinynn command (or any shell command) as a user runs it, for the CLI
// tests: from the repository root (run files name their data relative to it), stdout, stderr
// and exit status captured; and the files a command left in a folder.
#pragma once

#include <sys/wait.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "helpers.hpp"

namespace tinynn::test {

/// What a command did: its exit status and everything it printed.
struct Result {
  int status = -1;
  std::string out, err;
};

/// `s` in single quotes, for the shell.
inline std::string quote(const std::string& s) { return "'" + s + "'"; }

/// A whole file as bytes ("" when it cannot be read).
inline std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

/// Does the path exist (file, folder or anything else)?
inline bool exists(const std::string& path) { return std::filesystem::exists(path); }

/// Every file in a folder, by name, sorted.
inline std::vector<std::string> files_in(const std::string& folder) {
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(folder)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

/// Run a shell command from `cwd`, capturing stdout, stderr (through files in a scratch
/// folder of its own, so that a test's folder holds only what the command wrote) and the
/// exit status.
inline Result run_shell(const std::string& command, const std::string& cwd = source_path("")) {
  const TempDir capture;
  const std::string out = capture.path() + "/stdout", err = capture.path() + "/stderr";
  const std::string full = "cd " + quote(cwd) + " && OPENBLAS_NUM_THREADS=1 " + command + " >" +
                           quote(out) + " 2>" + quote(err) + " </dev/null";
  const int raw = std::system(full.c_str());
  REQUIRE(raw != -1);
  REQUIRE(WIFEXITED(raw));
  return {WEXITSTATUS(raw), read_text(out), read_text(err)};
}

/// `tinynn ARGS` from the repository root.
inline Result tinynn_cli(const std::string& args) { return run_shell(quote(TINYNN_CLI) + " " + args); }

/// `text` split into lines, without their newlines.
inline std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace tinynn::test
