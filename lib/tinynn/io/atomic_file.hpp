// Writing output files so that nothing is ever half-written: the content goes to a temporary
// file in the same folder, which is then renamed over the target in one step. If anything
// fails, the old file (if any) is untouched and the temporary file is removed.
// A symbolic link is followed (its target gets the content); a character device such as
// /dev/null or a pipe is written through, never replaced.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace tinynn {

/// Write `content` to `path` atomically. Throws IoError naming the path and the reason.
void write_file_atomically(const std::string& path, const std::string& content);

/// Write several files as one: every content goes to its temporary file first, and only when
/// all of them are written are they renamed into place; if a rename fails, the files already
/// renamed are put back as they were. A run's model file and history stay a matching pair.
void write_files_atomically(const std::vector<std::pair<std::string, std::string>>& files);

/// Fail early, before a long computation, if `path` could not be written: its folder must exist
/// and accept a new file (checked by creating and removing a temporary one), an existing file
/// there must be replaceable (not read-only, not immutable), and `path` must not be a
/// directory. Throws IoError.
void check_writable(const std::string& path);

/// Does a write to `path` go through to a device, a pipe or one of our own descriptors
/// (/dev/null, /dev/stdout, a FIFO) rather than into a file? (A name check such as "ends in
/// .svg" makes no sense for those.)
bool writes_through(const std::string& path);

/// Is `path` this process's standard output (/dev/stdout, /dev/fd/1, ...)? A command that
/// writes its result there prints its own remarks to stderr instead.
bool is_standard_output(const std::string& path);

/// (what, path) of a command's input or output, e.g. ("--out", "m.json"), ("the run file", "r.json").
using NamedPath = std::pair<std::string, std::string>;

/// Before any work: an output that is one of the inputs (the same file, by any name: a
/// symbolic or hard link, another spelling of the path) or another output is an InputError
/// ("writing it would destroy an input"); then every output must pass check_writable.
void check_outputs(const std::vector<NamedPath>& outputs, const std::vector<NamedPath>& inputs);

}  // namespace tinynn
