// File I/O shared by every tool: whole-file reads, atomic writes, digests and
// text-format protobuf files. Errors name the file.
#ifndef LAMBDABETA_COMMON_IO_FILES_H_
#define LAMBDABETA_COMMON_IO_FILES_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"
#include "google/protobuf/text_format.h"

namespace lambdabeta {

absl::StatusOr<std::string> ReadFile(const std::string& path);

// Writes `contents` to a temporary file beside `path`, flushes it to disk and renames it
// over `path`, so a reader never sees a partial file, even if the writer is killed.
absl::Status WriteFileAtomically(const std::string& path, absl::string_view contents);

// Creates `path` and its missing parents.
absl::Status MakeDirectories(const std::string& path);

// Lower-case hex SHA-256.
std::string Sha256Hex(absl::string_view bytes);
absl::StatusOr<std::string> FileSha256Hex(const std::string& path);

// SHA-256 of the running executable: which code produced a result.
std::string ExecutableSha256Hex();

// Parses a text-format file. Errors read "<path>:<line>:<column>: <what>", naming the field.
// `locations`, if given, receives where each field was set (for later validation errors).
absl::Status ReadTextProto(const std::string& path, google::protobuf::Message* message,
                           google::protobuf::TextFormat::ParseInfoTree* locations = nullptr);

// The text format WriteTextProto writes: fields in number order, so equal messages give equal
// bytes.
std::string TextProto(const google::protobuf::Message& message);

// Text format, written atomically.
absl::Status WriteTextProto(const std::string& path, const google::protobuf::Message& message);

}  // namespace lambdabeta

#endif  // LAMBDABETA_COMMON_IO_FILES_H_
