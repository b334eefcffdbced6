// Atomic file writes (see atomic_file.hpp).
#include "tinynn/io/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "tinynn/tensor.hpp"

namespace tinynn {

namespace {
namespace fs = std::filesystem;

// Where a write to `path` really goes: a symbolic link is followed (the link stays, its target
// gets the new content), so `--out latest.json` pointing at run7.json updates run7.json.
fs::path resolve_links(const std::string& path) {
  fs::path p(path);
  for (int hops = 0; hops < 40; ++hops) {
    std::error_code ec;
    if (!fs::is_symlink(fs::symlink_status(p, ec))) return p;
    const fs::path next = fs::read_symlink(p, ec);
    if (ec) return p;
    p = next.is_absolute() ? next : p.parent_path() / next;
  }
  throw IoError(path + ": too many levels of symbolic links");
}

// A character device (/dev/null, a terminal) or a pipe is written through, never replaced:
// renaming a file over /dev/null would delete the device. Anything else that is not a
// regular file (a directory, a block device, a socket) is refused.
bool is_stream(const fs::path& target, const std::string& path) {
  std::error_code ec;
  const fs::file_status st = fs::status(target, ec);
  switch (st.type()) {
    case fs::file_type::not_found:
    case fs::file_type::regular: return false;
    case fs::file_type::character:
    case fs::file_type::fifo: return true;
    case fs::file_type::directory: throw IoError(path + ": is a directory, cannot write a file there");
    default:
      if (ec && ec != std::errc::no_such_file_or_directory) {
        throw IoError(path + ": cannot look at the file (" + ec.message() + ")");
      }
      throw IoError(path + ": is not a regular file, a character device or a pipe; cannot write there");
  }
}

// /dev/stdout, /dev/stderr, /dev/fd/N and /proc/self/fd/N name a descriptor this process
// already has open (`--out /dev/stdout | gzip`): write to that descriptor itself, with the
// shell's offset and append mode, never to a file found by following /proc's links. -1 if
// `path` is none of these, or names no descriptor open for writing.
int own_descriptor(const std::string& path) {
  int fd = -1;
  if (path == "/dev/stdout") fd = 1;
  if (path == "/dev/stderr") fd = 2;
  for (const char* prefix : {"/dev/fd/", "/proc/self/fd/"}) {
    const std::string p = prefix;
    if (path.size() > p.size() && path.size() <= p.size() + 6 && path.compare(0, p.size(), p) == 0 &&
        path.find_first_not_of("0123456789", p.size()) == std::string::npos) {
      fd = std::stoi(path.substr(p.size()));
    }
  }
  if (fd < 0) return -1;
  const int flags = ::fcntl(fd, F_GETFL);
  if (flags < 0 || (flags & O_ACCMODE) == O_RDONLY) return -1;
  return fd;
}

// The folder `target` goes into; it must exist.
fs::path folder_of(const fs::path& target, const std::string& path) {
  if (path.empty() || target.filename().empty()) {
    throw InputError("'" + path + "' is not a file name (expected a path such as out/model.json)");
  }
  const fs::path folder = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::error_code ec;
  if (!fs::is_directory(folder, ec)) {
    throw IoError(path + ": the folder " + folder.string() + " does not exist");
  }
  return folder;
}

// A name nobody else uses, in the target's folder (so the rename stays on one file system):
// the target's name, our process id, a counter and what it is for.
fs::path scratch_name(const fs::path& target, const std::string& path, const char* kind) {
  static unsigned counter = 0;
  return folder_of(target, path) / ("." + target.filename().string() + "." + kind + "-" +
                                    std::to_string(::getpid()) + "-" + std::to_string(++counter));
}

// An existing file that could not be replaced (read-only, or immutable: chattr +i) is found
// before any work is done, not when the rename fails at the end.
void check_replaceable(const fs::path& target, const std::string& path) {
  std::error_code ec;
  if (fs::exists(target, ec) && ::access(target.c_str(), W_OK) != 0) {
    throw IoError(path + ": the file exists and cannot be replaced (" + std::strerror(errno) + ")");
  }
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

// Open a device or a pipe for writing. A pipe nobody reads would block forever: O_NONBLOCK
// makes that an error (ENXIO) instead; then the descriptor goes back to blocking writes.
int open_stream(const fs::path& target, const std::string& path) {
  const int fd = ::open(target.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    const int err = errno;
    throw IoError(path + ": cannot open for writing (" +
                  (err == ENXIO ? std::string("a pipe that no process reads") : std::strerror(err)) + ")");
  }
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  return fd;
}

void write_stream(int fd, const std::string& path, const std::string& content) {
  std::size_t done = 0;
  while (done < content.size()) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw IoError(path + ": writing failed (" + std::strerror(errno) + ")");
    done += static_cast<std::size_t>(n);
  }
}

// One output in the making.
struct Pending {
  std::string path;     // as the user gave it, for messages
  fs::path target;      // links followed (for a regular file)
  bool stream = false;  // written through (device, pipe, own descriptor), not renamed into place
  int fd = -1;          // the stream's descriptor
  bool own_fd = false;  // one of ours already (/dev/stdout): written, never closed
  fs::path temp;        // the new content, until renamed to target
  fs::path backup;      // a hard link to (or copy of) the old target, to undo a rename
  bool renamed = false;
};

// Where `path` goes: our own descriptor, a device or a pipe (written through; fs::status
// follows links, /proc's included), or a regular file (links followed to the real one).
Pending target_of(const std::string& path) {
  Pending p;
  p.path = path;
  p.fd = own_descriptor(path);
  p.own_fd = p.fd >= 0;
  p.stream = p.own_fd || is_stream(fs::path(path), path);
  p.target = p.stream ? fs::path(path) : resolve_links(path);
  return p;
}

// Put the old files back (or remove new ones that had no old one) and clean up.
void roll_back(std::vector<Pending>& files) {
  std::error_code ec;
  for (Pending& f : files) {
    if (f.renamed) {
      if (!f.backup.empty()) {
        fs::rename(f.backup, f.target, ec);
      } else {
        fs::remove(f.target, ec);
      }
    } else {
      if (!f.temp.empty()) fs::remove(f.temp, ec);
      if (!f.backup.empty()) fs::remove(f.backup, ec);
    }
  }
}

}  // namespace

void write_file_atomically(const std::string& path, const std::string& content) {
  write_files_atomically({{path, content}});
}

void write_files_atomically(const std::vector<std::pair<std::string, std::string>>& files) {
  std::vector<Pending> pending;
  std::error_code ec;
  const auto close_streams = [&] {
    for (Pending& p : pending) {
      if (p.fd >= 0 && !p.own_fd) ::close(p.fd);
      p.fd = -1;
    }
  };
  try {
    // 1. Every regular output's content goes to its temporary file; every device or pipe is
    //    opened. Nothing visible has changed yet.
    for (const auto& [path, content] : files) {
      pending.push_back(target_of(path));
      if (pending.back().stream) {
        if (!pending.back().own_fd) pending.back().fd = open_stream(pending.back().target, path);
        continue;
      }
      check_replaceable(pending.back().target, path);
      pending.back().temp = scratch_name(pending.back().target, path, "tmp");
      write_temporary(pending.back().temp, path, content);
    }
    // 2. With more than one file, keep each old one (a hard link, else a copy) so that a
    //    failure half-way can put every file back: both or neither.
    if (files.size() > 1) {
      for (Pending& p : pending) {
        if (p.stream || !fs::exists(p.target, ec)) continue;
        p.backup = scratch_name(p.target, p.path, "old");
        fs::create_hard_link(p.target, p.backup, ec);
        if (ec) fs::copy_file(p.target, p.backup, ec);
        if (ec) throw IoError(p.path + ": cannot keep a copy of the old file (" + ec.message() + ")");
      }
    }
    // 3. Rename each temporary file over its target: each rename is atomic.
    for (Pending& p : pending) {
      if (p.stream) continue;
      fs::rename(p.temp, p.target, ec);
      if (ec) throw IoError(p.path + ": cannot replace the file (" + ec.message() + ")");
      p.renamed = true;
    }
    // 4. Devices and pipes last: they cannot be taken back.
    for (std::size_t i = 0; i < pending.size(); ++i) {
      if (!pending[i].stream) continue;
      if (pending[i].own_fd) {  // what the program printed before comes first
        std::cout.flush();
        std::cerr.flush();
        std::fflush(nullptr);
      }
      write_stream(pending[i].fd, pending[i].path, files[i].second);
    }
  } catch (...) {
    roll_back(pending);
    close_streams();
    throw;
  }
  close_streams();
  for (const Pending& p : pending) {
    if (!p.backup.empty()) fs::remove(p.backup, ec);
  }
}

bool writes_through(const std::string& path) {
  try {
    return target_of(path).stream;
  } catch (const std::exception&) {
    return false;  // a directory, a socket...: not a stream; the write itself will say why
  }
}

bool is_standard_output(const std::string& path) { return own_descriptor(path) == 1; }

void check_writable(const std::string& path) {
  const Pending p = target_of(path);
  const fs::path& target = p.target;
  if (p.own_fd) return;  // open for writing: own_descriptor checked
  if (p.stream) {
    if (::access(target.c_str(), W_OK) != 0) {
      throw IoError(path + ": cannot write there (" + std::strerror(errno) + ")");
    }
    return;
  }
  check_replaceable(target, path);
  const fs::path temp = scratch_name(target, path, "tmp");
  write_temporary(temp, path, "");
  std::error_code ec;
  fs::remove(temp, ec);
}

namespace {
bool same_file(const std::string& a, const std::string& b) {
  std::error_code ec;
  if (fs::exists(a, ec) && fs::exists(b, ec)) return fs::equivalent(a, b, ec);
  return fs::weakly_canonical(a, ec) == fs::weakly_canonical(b, ec);
}
}  // namespace

void check_outputs(const std::vector<NamedPath>& outputs, const std::vector<NamedPath>& inputs) {
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    const auto& [what, path] = outputs[i];
    for (const auto& [input_what, input] : inputs) {
      if (!input.empty() && same_file(path, input)) {
        throw InputError(what + " " + path + " is " + input_what +
                         ": writing it would destroy an input; choose another file");
      }
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (same_file(path, outputs[j].second)) {
        throw InputError(what + " " + path + " is also " + outputs[j].first +
                         ": two outputs need two different files");
      }
    }
  }
  for (const auto& output : outputs) check_writable(output.second);
}

}  // namespace tinynn
