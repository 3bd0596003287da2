#include "pipeline/data/npz.h"

#include <zip.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <optional>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/io/files.h"
#include "common/io/progress.h"
#include "common/status/status_macros.h"
#include "pipeline/data/zip_directory.h"

namespace lambdabeta::data {
namespace {

constexpr absl::string_view kNpySuffix = ".npy";
// Reads go in slices of this size so that big arrays can report progress.
constexpr int64_t kSliceBytes = int64_t{64} << 20;
// Bytes read at a time when the data are only checked (CRC-32), not kept.
constexpr int64_t kScratchBytes = int64_t{4} << 20;
// How much of a mapped member's data is also read through libzip and compared with the map.
constexpr int64_t kHeadCheckBytes = 4096;
constexpr int64_t kBytesPerMb = 1 << 20;
// Members get a fixed timestamp so that the same arrays always give the same bytes
// (2020-01-01 00:00 UTC; zip stores local time, and Bazel actions run in UTC).
constexpr time_t kMemberTime = 1577836800;
// zlib's default level, as NumPy's savez_compressed uses (libzip's own default is 9, which is
// very slow on noisy data).
constexpr zip_uint32_t kDeflateLevel = 6;

std::string ZipErrorText(int code) {
  zip_error_t error;
  zip_error_init_with_code(&error, code);
  std::string text = zip_error_strerror(&error);
  zip_error_fini(&error);
  return text;
}

// One open member, read front to back.
class MemberReader : public ByteReader {
 public:
  MemberReader(zip_file_t* file, std::string where) : file_(file), where_(std::move(where)) {}
  ~MemberReader() override { zip_fclose(file_); }
  MemberReader(const MemberReader&) = delete;
  MemberReader& operator=(const MemberReader&) = delete;

  absl::Status ReadExactly(void* destination, size_t size) override {
    char* out = static_cast<char*>(destination);
    size_t done = 0;
    while (done < size) {
      const zip_int64_t n = zip_fread(file_, out + done, size - done);
      if (n < 0) {
        return absl::DataLossError(
            absl::StrCat(where_, ": corrupt member: ", zip_file_strerror(file_)));
      }
      if (n == 0) {
        return absl::DataLossError(absl::StrCat(where_, ": member ends after ", position_ + done,
                                                " bytes, ", size - done,
                                                " more expected (truncated)"));
      }
      done += static_cast<size_t>(n);
    }
    position_ += size;
    return absl::OkStatus();
  }

  // Reads past the last byte: that is when libzip compares the member's CRC-32.
  absl::Status CheckEnd() {
    char extra;
    const zip_int64_t n = zip_fread(file_, &extra, 1);
    if (n < 0) {
      return absl::DataLossError(
          absl::StrCat(where_, ": corrupt member: ", zip_file_strerror(file_)));
    }
    if (n > 0) {
      return absl::DataLossError(
          absl::StrCat(where_, ": member has bytes beyond the array its header describes"));
    }
    return absl::OkStatus();
  }

 private:
  zip_file_t* file_;
  std::string where_;
  uint64_t position_ = 0;
};

}  // namespace

absl::StatusOr<std::unique_ptr<NpzReader>> NpzReader::Open(const std::string& path) {
  std::error_code ignored;
  if (!std::filesystem::is_regular_file(path, ignored)) {
    return absl::NotFoundError(absl::StrCat(path, ": no such file"));
  }
  int code = 0;
  // No ZIP_CHECKCONS: the members' CRC-32s already catch corrupt data, and a stricter
  // header comparison is not worth the risk of refusing a valid zip64 file from NumPy.
  zip_t* archive = zip_open(path.c_str(), ZIP_RDONLY, &code);
  if (archive == nullptr) {
    if (code == ZIP_ER_NOZIP) {
      return absl::DataLossError(
          absl::StrCat(path, ": not a zip archive (an .npz is one), or a truncated one"));
    }
    return absl::DataLossError(
        absl::StrCat(path, ": cannot open as a zip archive: ", ZipErrorText(code)));
  }
  return std::unique_ptr<NpzReader>(new NpzReader(path, archive));
}

NpzReader::~NpzReader() { zip_discard(archive_); }

std::vector<std::string> NpzReader::ArrayNames() const {
  std::vector<std::string> names;
  const zip_int64_t count = zip_get_num_entries(archive_, 0);
  for (zip_int64_t i = 0; i < count; ++i) {
    const char* member = zip_get_name(archive_, static_cast<zip_uint64_t>(i), 0);
    if (member != nullptr && absl::EndsWith(member, kNpySuffix)) {
      names.emplace_back(member, std::strlen(member) - kNpySuffix.size());
    }
  }
  return names;
}

namespace {

struct OpenMember {
  std::unique_ptr<MemberReader> reader;
  zip_stat_t stat;  // from the central directory, as libzip read it
  std::string raw_name;
  std::string where;
};

absl::StatusOr<OpenMember> OpenArrayMember(zip_t* archive, const std::string& path,
                                           const std::string& name,
                                           const std::vector<std::string>& names) {
  OpenMember member;
  member.where = absl::StrCat(path, ": array '", name, "'");
  const std::string member_name = absl::StrCat(name, kNpySuffix);
  const zip_int64_t found = zip_name_locate(archive, member_name.c_str(), 0);
  if (found < 0) {
    return absl::NotFoundError(absl::StrCat(path, ": no array '", name, "' (member ", member_name,
                                            "); the arrays are: ", absl::StrJoin(names, ", ")));
  }
  const auto index = static_cast<zip_uint64_t>(found);
  constexpr zip_uint64_t kNeeded =
      ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE | ZIP_STAT_COMP_METHOD | ZIP_STAT_CRC;
  if (zip_stat_index(archive, index, 0, &member.stat) != 0 ||
      (member.stat.valid & kNeeded) != kNeeded) {
    return absl::DataLossError(
        absl::StrCat(member.where, ": cannot stat member: ", zip_strerror(archive)));
  }
  const char* raw_name = zip_get_name(archive, index, ZIP_FL_ENC_RAW);
  member.raw_name = raw_name != nullptr ? raw_name : member_name;
  zip_file_t* file = zip_fopen_index(archive, index, 0);
  if (file == nullptr) {
    return absl::DataLossError(
        absl::StrCat(member.where, ": cannot open member: ", zip_strerror(archive)));
  }
  member.reader = std::make_unique<MemberReader>(file, member.where);
  return member;
}

// An array's member, opened, with its .npy header checked against what the caller expects;
// the reader stands at the first data byte.
struct CheckedArray {
  OpenMember member;
  NpyHeader header;
  int64_t elements = 0;
  int64_t data_bytes = 0;
};

absl::StatusOr<CheckedArray> OpenCheckedArray(zip_t* archive, const std::string& path,
                                              const std::string& name,
                                              const std::vector<std::string>& names,
                                              const ArraySpec& spec, size_t element_size) {
  ASSIGN_OR_RETURN(OpenMember member, OpenArrayMember(archive, path, name, names));
  CheckedArray array;
  array.member = std::move(member);
  const std::string& where = array.member.where;
  ASSIGN_OR_RETURN(NpyHeader header, ReadNpyHeader(*array.member.reader, where));
  array.header = std::move(header);
  RETURN_IF_ERROR(CheckNpyHeader(array.header, spec, where));
  RETURN_IF_ERROR(CheckElementSize(where, spec, element_size));
  // The member's size (from the zip directory) must be exactly header + data.
  RETURN_IF_ERROR(CountElements(where, array.header.shape,
                                INT64_MAX / static_cast<int64_t>(element_size), &array.elements));
  array.data_bytes = static_cast<int64_t>(array.member.stat.size) - array.header.header_bytes;
  const int64_t needed_bytes = array.elements * static_cast<int64_t>(element_size);
  if (needed_bytes != array.data_bytes) {
    return absl::DataLossError(absl::StrCat(
        where, ": member holds ", array.data_bytes, " data bytes but shape ",
        ShapeString(array.header.shape), " needs ", needed_bytes, " (truncated or corrupt)"));
  }
  return array;
}

// Reads the member's next `bytes` bytes into `destination`, or, if it is null, reads and drops
// them (so that libzip checks the CRC-32); then checks that the member ends there. Big reads
// report progress under `label` unless it is empty.
absl::Status ReadMemberData(MemberReader& reader, int64_t bytes, char* destination,
                            const std::string& label) {
  std::vector<char> scratch;
  if (destination == nullptr) scratch.resize(std::min(kScratchBytes, bytes));
  const bool report = !label.empty() && bytes >= kSliceBytes;
  std::optional<Progress> progress;
  if (report) progress.emplace(label, bytes / kBytesPerMb, "MB");
  for (int64_t done = 0; done < bytes;) {
    const int64_t slice = std::min(destination ? kSliceBytes : kScratchBytes, bytes - done);
    RETURN_IF_ERROR(reader.ReadExactly(destination ? destination + done : scratch.data(), slice));
    done += slice;
    if (report) progress->Update(done / kBytesPerMb);
  }
  RETURN_IF_ERROR(reader.CheckEnd());
  if (report) progress->Finish();
  return absl::OkStatus();
}

std::string ProgressLabel(bool show_progress, absl::string_view verb, const std::string& path,
                          const std::string& name) {
  if (!show_progress) return "";
  return absl::StrCat(verb, " ", std::filesystem::path(path).filename().string(), ":", name);
}

}  // namespace

absl::StatusOr<NpyHeader> NpzReader::ReadHeader(const std::string& name) const {
  ASSIGN_OR_RETURN(OpenMember member, OpenArrayMember(archive_, path_, name, ArrayNames()));
  return ReadNpyHeader(*member.reader, member.where);
}

absl::StatusOr<std::vector<int64_t>> NpzReader::ReadArrayInto(
    const std::string& name, const ArraySpec& spec, size_t element_size, bool show_progress,
    const ElementAllocator& allocate) const {
  ASSIGN_OR_RETURN(CheckedArray array,
                   OpenCheckedArray(archive_, path_, name, ArrayNames(), spec, element_size));
  char* destination = static_cast<char*>(allocate(array.elements));
  RETURN_IF_ERROR(ReadMemberData(*array.member.reader, array.data_bytes, destination,
                                 ProgressLabel(show_progress, "read", path_, name)));
  return array.header.shape;
}

absl::StatusOr<std::optional<MappedArray>> NpzReader::MapArray(const std::string& name,
                                                               const ArraySpec& spec,
                                                               MappedRegion::Access access,
                                                               bool verify_checksum,
                                                               bool show_progress) const {
  if (spec.dtype != DType::kUint8) {
    // Wider elements could lie unaligned in the file.
    return absl::InternalError(absl::StrCat(path_, ": array '", name, "': only uint8 arrays map"));
  }
  ASSIGN_OR_RETURN(CheckedArray array,
                   OpenCheckedArray(archive_, path_, name, ArrayNames(), spec, 1));
  const zip_stat_t& stat = array.member.stat;
  if (stat.comp_method != ZIP_CM_STORE) return std::nullopt;
  const std::string& where = array.member.where;

  // Where the data lies: our reading of the zip directory must agree with libzip's.
  ASSIGN_OR_RETURN(ZipMemberLocation location, LocateZipMember(path_, array.member.raw_name));
  if (location.method != ZIP_CM_STORE || (location.flags & 1) != 0 ||
      location.compressed_size != stat.comp_size || location.uncompressed_size != stat.size ||
      location.crc32 != stat.crc) {
    return absl::DataLossError(absl::StrCat(
        where, ": the zip directory, read for mapping, disagrees with libzip's reading (method ",
        location.method, ", ", location.compressed_size, " of ", location.uncompressed_size,
        " bytes, CRC ", location.crc32, " against ", stat.comp_method, ", ", stat.comp_size, " of ",
        stat.size, ", ", stat.crc, ")"));
  }
  absl::StatusOr<std::unique_ptr<const MappedRegion>> region = MappedRegion::Map(
      path_, static_cast<int64_t>(location.data_offset) + array.header.header_bytes,
      array.data_bytes, access);
  if (!region.ok()) {
    return absl::Status(region.status().code(),
                        absl::StrCat(region.status().message(), " (array '", name, "')"));
  }
  // The first bytes through libzip and through the map: the same bytes, or the offset is wrong.
  const int64_t head = std::min(kHeadCheckBytes, array.data_bytes);
  std::vector<uint8_t> first(static_cast<size_t>(head));
  RETURN_IF_ERROR(array.member.reader->ReadExactly(first.data(), first.size()));
  if (!std::equal(first.begin(), first.end(), (*region)->data())) {
    return absl::DataLossError(
        absl::StrCat(where, ": the mapped data differ from the member's data read by libzip"));
  }
  if (verify_checksum) {
    RETURN_IF_ERROR(ReadMemberData(*array.member.reader, array.data_bytes - head, nullptr,
                                   ProgressLabel(show_progress, "verify CRC-32 of", path_, name)));
  }
  return MappedArray{array.header.shape, *std::move(region)};
}

absl::Status NpzWriter::AddArray(const std::string& name, DType dtype,
                                 const std::vector<int64_t>& shape, absl::string_view data,
                                 ZipCompression compression) {
  absl::StatusOr<std::string> bytes = NpyBytes(dtype, shape, data);
  if (!bytes.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("array '", name, "': ", bytes.status().message()));
  }
  AddMember(absl::StrCat(name, kNpySuffix), *std::move(bytes), compression);
  return absl::OkStatus();
}

void NpzWriter::AddMember(const std::string& member_name, std::string bytes,
                          ZipCompression compression) {
  members_.push_back({member_name, std::move(bytes), compression});
}

namespace {

void ReportZipProgress(zip_t*, double fraction, void* state) {
  static_cast<Progress*>(state)->Update(static_cast<int64_t>(fraction * 1000));
}

}  // namespace

absl::StatusOr<std::string> NpzWriter::Archive(bool show_progress) const {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  if (buffer == nullptr) {
    const std::string text = zip_error_strerror(&error);
    zip_error_fini(&error);
    return absl::InternalError(absl::StrCat("npz: cannot create a buffer: ", text));
  }
  zip_t* archive = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
  if (archive == nullptr) {
    const std::string text = zip_error_strerror(&error);
    zip_error_fini(&error);
    zip_source_free(buffer);
    return absl::InternalError(absl::StrCat("npz: cannot start an archive: ", text));
  }
  zip_error_fini(&error);
  zip_source_keep(buffer);  // it must outlive zip_close, which writes into it

  auto fail = [&](absl::string_view what) {
    const absl::Status status =
        absl::InternalError(absl::StrCat("npz: ", what, ": ", zip_strerror(archive)));
    zip_discard(archive);
    zip_source_free(buffer);
    return status;
  };
  for (const Member& member : members_) {
    zip_source_t* source = zip_source_buffer(archive, member.bytes.data(), member.bytes.size(), 0);
    if (source == nullptr) return fail(absl::StrCat("member ", member.name));
    const zip_int64_t index =
        zip_file_add(archive, member.name.c_str(), source, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE);
    if (index < 0) {
      zip_source_free(source);
      return fail(absl::StrCat("member ", member.name));
    }
    const auto entry = static_cast<zip_uint64_t>(index);
    const zip_int32_t method =
        member.compression == ZipCompression::kDeflate ? ZIP_CM_DEFLATE : ZIP_CM_STORE;
    if (zip_set_file_compression(archive, entry, method, kDeflateLevel) != 0 ||
        zip_file_set_mtime(archive, entry, kMemberTime, 0) != 0) {
      return fail(absl::StrCat("member ", member.name));
    }
  }
  std::optional<Progress> progress;
  if (show_progress) {
    progress.emplace("write npz", 1000, "permille");
    zip_register_progress_callback_with_state(archive, 0.01, ReportZipProgress, nullptr,
                                              &*progress);
  }
  if (zip_close(archive) != 0) return fail("cannot finish the archive");
  if (progress) progress->Finish();

  std::string bytes;
  zip_stat_t stat;
  if (zip_source_stat(buffer, &stat) != 0 || zip_source_open(buffer) != 0) {
    zip_source_free(buffer);
    return absl::InternalError("npz: cannot read back the archive");
  }
  bytes.resize(stat.size);
  const zip_int64_t n = zip_source_read(buffer, bytes.data(), bytes.size());
  zip_source_close(buffer);
  zip_source_free(buffer);
  if (n != static_cast<zip_int64_t>(bytes.size())) {
    return absl::InternalError("npz: cannot read back the archive");
  }
  return bytes;
}

absl::Status NpzWriter::Write(const std::string& path, bool show_progress) const {
  absl::StatusOr<std::string> bytes = Archive(show_progress);
  if (!bytes.ok())
    return absl::Status(bytes.status().code(), absl::StrCat(path, ": ", bytes.status().message()));
  return WriteFileAtomically(path, *bytes);
}

}  // namespace lambdabeta::data
