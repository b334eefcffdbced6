// Atomic file writes (see atomic_file.hpp).
#include "tinynn/io/atomic_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "tinynn/tensor.hpp"

namespace tinynn {

namespace {
namespace fs = std::filesystem;

// The folder `path` goes into, after checking that `path` names a file in an existing folder.
fs::path folder_of(const std::string& path) {
  const fs::path target(path);
  if (path.empty() || target.filename().empty()) throw IoError("'" + path + "': not a file name");
  std::error_code ec;
  if (fs::is_directory(target, ec)) throw IoError(path + ": is a directory, cannot write a file there");
  const fs::path folder = target.has_parent_path() ? target.parent_path() : fs::path(".");
  if (!fs::is_directory(folder, ec)) {
    throw IoError(path + ": the folder " + folder.string() + " does not exist");
  }
  return folder;
}

// A name nobody else uses, in the target's folder (so the rename stays on one file system):
// the target's name, our process id, and a counter.
fs::path temporary_name(const std::string& path) {
  static unsigned counter = 0;
  return folder_of(path) / ("." + fs::path(path).filename().string() + ".tmp-" +
                            std::to_string(::getpid()) + "-" + std::to_string(++counter));
}

void write_temporary(const fs::path& temp, const std::string& path, const std::string& content) {
  std::ofstream out(temp, std::ios::binary | std::ios::trunc);
  if (!out) {
    throw IoError(path + ": cannot write in " + temp.parent_path().string() + " (" +
                  std::strerror(errno) + ")");
  }
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  out.flush();
  if (!out) {
    const std::string reason = std::strerror(errno);
    out.close();
    std::error_code ec;
    fs::remove(temp, ec);
    throw IoError(path + ": writing failed (" + reason + "); the previous file, if any, is unchanged");
  }
}
}  // namespace

void write_file_atomically(const std::string& path, const std::string& content) {
  write_files_atomically({{path, content}});
}

void write_files_atomically(const std::vector<std::pair<std::string, std::string>>& files) {
  std::vector<fs::path> temps;
  std::error_code ec;
  try {
    for (const auto& [path, content] : files) {
      temps.push_back(temporary_name(path));
      write_temporary(temps.back(), path, content);
    }
  } catch (...) {
    for (const fs::path& t : temps) fs::remove(t, ec);
    throw;
  }
  for (std::size_t i = 0; i < files.size(); ++i) {
    fs::rename(temps[i], files[i].first, ec);
    if (ec) {
      const std::string reason = ec.message();
      for (std::size_t j = i; j < temps.size(); ++j) fs::remove(temps[j], ec);
      throw IoError(files[i].first + ": cannot replace the file (" + reason + ")");
    }
  }
}

void check_writable(const std::string& path) {
  const fs::path temp = temporary_name(path);
  write_temporary(temp, path, "");
  std::error_code ec;
  fs::remove(temp, ec);
}

}  // namespace tinynn
