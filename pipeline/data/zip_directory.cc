#include "pipeline/data/zip_directory.h"

#include <algorithm>
#include <fstream>
#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/status/status_macros.h"

namespace lambdabeta::data {
namespace {

constexpr uint32_t kLocalHeaderSignature = 0x04034b50;    // PK\3\4
constexpr uint32_t kCentralHeaderSignature = 0x02014b50;  // PK\1\2
constexpr uint32_t kEndSignature = 0x06054b50;            // PK\5\6
constexpr uint32_t kZip64EndSignature = 0x06064b50;       // PK\6\6
constexpr uint32_t kZip64LocatorSignature = 0x07064b50;   // PK\6\7
constexpr int64_t kLocalHeaderBytes = 30;
constexpr int64_t kCentralHeaderBytes = 46;
constexpr int64_t kEndBytes = 22;
constexpr int64_t kZip64EndBytes = 56;
constexpr int64_t kZip64LocatorBytes = 20;
constexpr int64_t kMaxCommentBytes = 0xffff;
constexpr uint16_t kZip64ExtraId = 0x0001;
constexpr uint32_t kNeeds64 = 0xffffffff;  // a 32-bit field whose value is in the zip64 extra

// Little-endian fields of a record in memory, bounds-checked.
class Fields {
 public:
  explicit Fields(absl::string_view bytes) : bytes_(bytes) {}
  bool Has(size_t at, size_t size) const {
    return at <= bytes_.size() && size <= bytes_.size() - at;
  }
  uint64_t Get(size_t at, int size) const {  // caller checked Has(at, size)
    uint64_t value = 0;
    for (int i = size - 1; i >= 0; --i) value = value << 8 | static_cast<uint8_t>(bytes_[at + i]);
    return value;
  }
  uint16_t U16(size_t at) const { return static_cast<uint16_t>(Get(at, 2)); }
  uint32_t U32(size_t at) const { return static_cast<uint32_t>(Get(at, 4)); }
  uint64_t U64(size_t at) const { return Get(at, 8); }

 private:
  absl::string_view bytes_;
};

class ZipFile {
 public:
  explicit ZipFile(std::string path) : path_(std::move(path)), in_(path_, std::ios::binary) {}

  absl::Status Open() {
    if (!in_) return absl::NotFoundError(absl::StrCat(path_, ": cannot open"));
    in_.seekg(0, std::ios::end);
    size_ = static_cast<int64_t>(in_.tellg());
    return in_ ? absl::OkStatus() : absl::DataLossError(absl::StrCat(path_, ": cannot read"));
  }

  int64_t size() const { return size_; }

  // Exactly `size` bytes at `offset`.
  absl::StatusOr<std::string> Read(uint64_t offset, uint64_t size, absl::string_view what) {
    if (offset > static_cast<uint64_t>(size_) || size > static_cast<uint64_t>(size_) - offset) {
      return Malformed(absl::StrCat(what, " (", size, " bytes at offset ", offset,
                                    ") lies past the end of the file (", size_, " bytes)"));
    }
    std::string bytes(size, '\0');
    in_.clear();
    in_.seekg(static_cast<std::streamoff>(offset));
    in_.read(bytes.data(), static_cast<std::streamsize>(size));
    if (static_cast<uint64_t>(in_.gcount()) != size) {
      return absl::DataLossError(absl::StrCat(path_, ": cannot read ", what));
    }
    return bytes;
  }

  absl::Status Malformed(absl::string_view what) const {
    return absl::DataLossError(absl::StrCat(path_, ": not a valid zip archive: ", what));
  }

 private:
  std::string path_;
  std::ifstream in_;
  int64_t size_ = 0;
};

struct Directory {
  uint64_t offset = 0;
  uint64_t size = 0;
  uint64_t entries = 0;
};

// The end of central directory record sits at the end of the file, before a comment of at
// most 64 KiB; the last signature whose comment length reaches the end of the file is it.
// A zip64 locator right before it points to the zip64 end record with the 64-bit values.
absl::StatusOr<Directory> FindDirectory(ZipFile& file) {
  const int64_t tail_size = std::min<int64_t>(file.size(), kEndBytes + kMaxCommentBytes);
  const int64_t tail_offset = file.size() - tail_size;
  ASSIGN_OR_RETURN(std::string tail, file.Read(tail_offset, tail_size, "the archive's end"));
  const Fields fields(tail);
  std::optional<int64_t> end;
  for (int64_t at = tail_size - kEndBytes; at >= 0 && !end; --at) {
    if (fields.U32(at) == kEndSignature && at + kEndBytes + fields.U16(at + 20) == tail_size) {
      end = at;
    }
  }
  if (!end) return file.Malformed("no end of central directory record");
  Directory directory{fields.U32(*end + 16), fields.U32(*end + 12), fields.U16(*end + 10)};
  const int64_t end_offset = tail_offset + *end;
  if (end_offset >= kZip64LocatorBytes) {
    ASSIGN_OR_RETURN(std::string locator, file.Read(end_offset - kZip64LocatorBytes,
                                                    kZip64LocatorBytes, "the zip64 locator"));
    const Fields loc(locator);
    if (loc.U32(0) == kZip64LocatorSignature) {
      absl::StatusOr<std::string> record =
          file.Read(loc.U64(8), kZip64EndBytes, "the zip64 end of central directory record");
      if (!record.ok()) return record.status();
      const Fields zip64(*record);
      if (zip64.U32(0) != kZip64EndSignature) {
        return file.Malformed("the zip64 locator points to no zip64 end record");
      }
      directory = {zip64.U64(48), zip64.U64(40), zip64.U64(32)};
    }
  }
  return directory;
}

// Replaces the 32-bit fields that hold 0xffffffff by their values from the zip64 extra
// field (which holds, in this order, only those that overflowed).
absl::Status ApplyZip64Extra(const ZipFile& file, absl::string_view extra, absl::string_view member,
                             ZipMemberLocation* location) {
  std::vector<uint64_t*> wanted;
  for (uint64_t* field :
       {&location->uncompressed_size, &location->compressed_size, &location->local_header_offset}) {
    if (*field == kNeeds64) wanted.push_back(field);
  }
  if (wanted.empty()) return absl::OkStatus();
  const Fields fields(extra);
  for (size_t at = 0; fields.Has(at, 4);) {
    const uint16_t id = fields.U16(at);
    const uint16_t size = fields.U16(at + 2);
    if (!fields.Has(at + 4, size)) break;
    if (id == kZip64ExtraId) {
      if (size < 8 * wanted.size()) break;
      for (size_t i = 0; i < wanted.size(); ++i) *wanted[i] = fields.U64(at + 4 + 8 * i);
      return absl::OkStatus();
    }
    at += 4 + size;
  }
  return file.Malformed(absl::StrCat("member ", member,
                                     ": sizes or offset need a zip64 extra field that is missing"));
}

}  // namespace

absl::StatusOr<ZipMemberLocation> LocateZipMember(const std::string& path,
                                                  const std::string& member_name) {
  ZipFile file(path);
  RETURN_IF_ERROR(file.Open());
  ASSIGN_OR_RETURN(Directory directory, FindDirectory(file));
  ASSIGN_OR_RETURN(std::string entries,
                   file.Read(directory.offset, directory.size, "the central directory"));
  const Fields cd(entries);

  size_t at = 0;
  for (uint64_t entry = 0; entry < directory.entries; ++entry) {
    if (!cd.Has(at, kCentralHeaderBytes) || cd.U32(at) != kCentralHeaderSignature) {
      return file.Malformed(absl::StrCat("central directory entry ", entry, " is broken"));
    }
    const uint16_t name_bytes = cd.U16(at + 28);
    const uint16_t extra_bytes = cd.U16(at + 30);
    const uint16_t comment_bytes = cd.U16(at + 32);
    if (!cd.Has(at + kCentralHeaderBytes, name_bytes + extra_bytes + comment_bytes)) {
      return file.Malformed(absl::StrCat("central directory entry ", entry, " is cut off"));
    }
    const absl::string_view record(entries);
    const absl::string_view name = record.substr(at + kCentralHeaderBytes, name_bytes);
    if (name != member_name) {
      at += kCentralHeaderBytes + name_bytes + extra_bytes + comment_bytes;
      continue;
    }
    ZipMemberLocation location;
    location.flags = cd.U16(at + 8);
    location.method = cd.U16(at + 10);
    location.crc32 = cd.U32(at + 16);
    location.compressed_size = cd.U32(at + 20);
    location.uncompressed_size = cd.U32(at + 24);
    location.local_header_offset = cd.U32(at + 42);
    const absl::string_view extra =
        record.substr(at + kCentralHeaderBytes + name_bytes, extra_bytes);
    RETURN_IF_ERROR(ApplyZip64Extra(file, extra, member_name, &location));

    ASSIGN_OR_RETURN(std::string local,
                     file.Read(location.local_header_offset, kLocalHeaderBytes,
                               absl::StrCat("the local header of member ", member_name)));
    const Fields header(local);
    if (header.U32(0) != kLocalHeaderSignature) {
      return file.Malformed(absl::StrCat("member ", member_name, ": no local header at offset ",
                                         location.local_header_offset));
    }
    const uint16_t local_name_bytes = header.U16(26);
    const uint16_t local_extra_bytes = header.U16(28);
    ASSIGN_OR_RETURN(std::string local_name,
                     file.Read(location.local_header_offset + kLocalHeaderBytes, local_name_bytes,
                               absl::StrCat("the local header of member ", member_name)));
    if (header.U16(8) != location.method || local_name != member_name) {
      return file.Malformed(absl::StrCat("member ", member_name,
                                         ": local header disagrees with the central directory"));
    }
    location.data_offset =
        location.local_header_offset + kLocalHeaderBytes + local_name_bytes + local_extra_bytes;
    return location;
  }
  return absl::NotFoundError(absl::StrCat(path, ": no member ", member_name));
}

}  // namespace lambdabeta::data
