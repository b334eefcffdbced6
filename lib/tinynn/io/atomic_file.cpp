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

void write_file_atomically(const std::string& path, const std::string& content) {
  namespace fs = std::filesystem;
  const fs::path target(path);
  if (target.filename().empty()) throw IoError(path + ": not a file name");
  std::error_code ec;
  if (fs::is_directory(target, ec)) throw IoError(path + ": is a directory, cannot write a file there");
  const fs::path folder = target.has_parent_path() ? target.parent_path() : fs::path(".");
  if (!fs::is_directory(folder, ec)) {
    throw IoError(path + ": the folder " + folder.string() + " does not exist");
  }
  // A name nobody else uses: the target's name, our process id, and a counter.
  static unsigned counter = 0;
  const fs::path temp = folder / ("." + target.filename().string() + ".tmp-" +
                                  std::to_string(::getpid()) + "-" + std::to_string(++counter));
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    if (!out) throw IoError(path + ": cannot write in " + folder.string() + " (" + std::strerror(errno) + ")");
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.flush();
    if (!out) {
      const std::string reason = std::strerror(errno);
      out.close();
      fs::remove(temp, ec);
      throw IoError(path + ": writing failed (" + reason + "); the previous file, if any, is unchanged");
    }
  }
  fs::rename(temp, target, ec);
  if (ec) {
    const std::string reason = ec.message();
    fs::remove(temp, ec);
    throw IoError(path + ": cannot replace the file (" + reason + ")");
  }
}

}  // namespace tinynn
