#include "common/io/files.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "common/status/status_macros.h"
#include "google/protobuf/io/tokenizer.h"

namespace lambdabeta {
namespace {

absl::Status ErrnoError(const std::string& path, absl::string_view what) {
  return absl::InternalError(absl::StrCat(path, ": ", what, ": ", std::strerror(errno)));
}

// Collects the text-format parser's first error with the file name in front.
class FileErrorCollector : public google::protobuf::io::ErrorCollector {
 public:
  explicit FileErrorCollector(std::string path) : path_(std::move(path)) {}
  void AddError(int line, int column, const std::string& message) override {
    if (first_error_.empty()) {
      // The parser counts from 0; editors count from 1.
      first_error_ = absl::StrCat(path_, ":", line + 1, ":", column + 1, ": ", message);
    }
  }
  const std::string& first_error() const { return first_error_; }

 private:
  std::string path_;
  std::string first_error_;
};

}  // namespace

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat(path, ": cannot open: ", std::strerror(errno)));
  std::ostringstream contents;
  contents << in.rdbuf();
  if (in.bad()) return ErrnoError(path, "read failed");
  return contents.str();
}

absl::Status WriteFileAtomically(const std::string& path, absl::string_view contents) {
  const std::string temp = absl::StrCat(path, ".tmp.", getpid());
  const int fd = open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return ErrnoError(temp, "cannot create");
  size_t written = 0;
  while (written < contents.size()) {
    const ssize_t n = write(fd, contents.data() + written, contents.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      const absl::Status error = ErrnoError(temp, "write failed");
      close(fd);
      unlink(temp.c_str());
      return error;
    }
    written += static_cast<size_t>(n);
  }
  if (fsync(fd) != 0 || close(fd) != 0) {
    const absl::Status error = ErrnoError(temp, "flush failed");
    unlink(temp.c_str());
    return error;
  }
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    const absl::Status error = ErrnoError(path, "rename failed");
    unlink(temp.c_str());
    return error;
  }
  return absl::OkStatus();
}

absl::Status MakeDirectories(const std::string& path) {
  std::error_code error;
  std::filesystem::create_directories(path, error);
  if (error)
    return absl::InternalError(absl::StrCat(path, ": cannot create directory: ", error.message()));
  return absl::OkStatus();
}

namespace {

// Incremental SHA-256 over OpenSSL's EVP interface.
class Sha256 {
 public:
  Sha256() : context_(EVP_MD_CTX_new()) { EVP_DigestInit_ex(context_, EVP_sha256(), nullptr); }
  ~Sha256() { EVP_MD_CTX_free(context_); }
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void Update(const void* data, size_t size) { EVP_DigestUpdate(context_, data, size); }
  std::string HexDigest() {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    EVP_DigestFinal_ex(context_, digest, &size);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex;
    for (unsigned int i = 0; i < size; ++i) {
      hex.push_back(kHex[digest[i] >> 4]);
      hex.push_back(kHex[digest[i] & 15]);
    }
    return hex;
  }

 private:
  EVP_MD_CTX* context_;
};

}  // namespace

std::string Sha256Hex(absl::string_view bytes) {
  Sha256 sha;
  sha.Update(bytes.data(), bytes.size());
  return sha.HexDigest();
}

absl::StatusOr<std::string> FileSha256Hex(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat(path, ": cannot open: ", std::strerror(errno)));
  Sha256 sha;
  std::string buffer(1 << 20, '\0');
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    sha.Update(buffer.data(), static_cast<size_t>(in.gcount()));
  }
  if (in.bad()) return ErrnoError(path, "read failed");
  return sha.HexDigest();
}

std::string ExecutableSha256Hex() {
  absl::StatusOr<std::string> digest = FileSha256Hex("/proc/self/exe");
  return digest.ok() ? *digest : "unknown";
}

absl::Status ReadTextProto(const std::string& path, google::protobuf::Message* message,
                           google::protobuf::TextFormat::ParseInfoTree* locations) {
  ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  FileErrorCollector errors(path);
  google::protobuf::TextFormat::Parser parser;
  parser.RecordErrorsTo(&errors);
  parser.WriteLocationsTo(locations);
  if (!parser.ParseFromString(text, message)) {
    return absl::InvalidArgumentError(
        errors.first_error().empty()
            ? absl::StrCat(path, ": not a valid ", message->GetTypeName(), " text proto")
            : errors.first_error());
  }
  return absl::OkStatus();
}

std::string TextProto(const google::protobuf::Message& message) {
  std::string text;
  google::protobuf::TextFormat::PrintToString(message, &text);  // fails only on bad UTF-8
  return text;
}

absl::Status WriteTextProto(const std::string& path, const google::protobuf::Message& message) {
  return WriteFileAtomically(path, TextProto(message));
}

}  // namespace lambdabeta
