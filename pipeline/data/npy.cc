#include "pipeline/data/npy.h"

#include <cctype>
#include <set>

#include "absl/strings/str_cat.h"
#include "common/status/status_macros.h"

namespace lambdabeta::data {
namespace {

constexpr absl::string_view kMagic("\x93NUMPY", 6);
// NumPy itself refuses headers over 10 kB unless told otherwise; ours are under 200 bytes.
constexpr uint32_t kMaxDictBytes = 1 << 20;

absl::Status Malformed(absl::string_view where, absl::string_view what) {
  return absl::DataLossError(absl::StrCat(where, ": malformed .npy header: ", what));
}

// The header dict is a Python literal such as
//   {'descr': '<f8', 'fortran_order': False, 'shape': (737280, 6), }
// This reads exactly that grammar: string keys; string, bool and int-tuple values.
class DictParser {
 public:
  DictParser(absl::string_view text, absl::string_view where) : text_(text), where_(where) {}

  absl::StatusOr<NpyHeader> Parse() {
    NpyHeader header;
    std::set<std::string> seen;
    SkipSpace();
    if (!Consume('{')) return Error("does not start with '{'");
    while (true) {
      SkipSpace();
      if (Consume('}')) break;
      ASSIGN_OR_RETURN(std::string key, String());
      if (!seen.insert(key).second) return Error(absl::StrCat("key '", key, "' appears twice"));
      SkipSpace();
      if (!Consume(':')) return Error(absl::StrCat("no ':' after key '", key, "'"));
      SkipSpace();
      absl::Status value;
      if (key == "descr") {
        absl::StatusOr<std::string> descr = String();
        if (!descr.ok()) return Error("'descr' is not a plain type string (structured dtype?)");
        header.descr = *descr;
      } else if (key == "fortran_order") {
        value = Bool(&header.fortran_order);
      } else if (key == "shape") {
        value = Tuple(&header.shape);
      } else {
        return Error(absl::StrCat("unexpected key '", key, "'"));
      }
      RETURN_IF_ERROR(value);
      SkipSpace();
      if (Consume(',')) continue;
      SkipSpace();
      if (!Consume('}')) return Error("expected ',' or '}'");
      break;
    }
    SkipSpace();
    if (pos_ != text_.size()) return Error("text after the closing '}'");
    for (const char* required : {"descr", "fortran_order", "shape"}) {
      if (seen.count(required) == 0) return Error(absl::StrCat("no '", required, "' key"));
    }
    return header;
  }

 private:
  absl::Status Error(absl::string_view what) const { return Malformed(where_, what); }

  void SkipSpace() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }
  bool Consume(char c) {
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  bool ConsumeWord(absl::string_view word) {
    if (text_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }

  absl::StatusOr<std::string> String() {
    if (pos_ >= text_.size() || (text_[pos_] != '\'' && text_[pos_] != '"')) {
      return Error("expected a quoted string");
    }
    const char quote = text_[pos_++];
    const size_t end = text_.find(quote, pos_);
    if (end == absl::string_view::npos) return Error("unterminated string");
    std::string value(text_.substr(pos_, end - pos_));
    pos_ = end + 1;
    return value;
  }

  absl::Status Bool(bool* value) {
    if (ConsumeWord("True")) {
      *value = true;
    } else if (ConsumeWord("False")) {
      *value = false;
    } else {
      return Error("'fortran_order' is not True or False");
    }
    return absl::OkStatus();
  }

  // "(737280, 64, 64)", "(5,)", "()"; Python 2 wrote longs as "64L".
  absl::Status Tuple(std::vector<int64_t>* values) {
    if (!Consume('(')) return Error("'shape' is not a tuple");
    while (true) {
      SkipSpace();
      if (Consume(')')) return absl::OkStatus();
      if (pos_ >= text_.size() || !std::isdigit(static_cast<unsigned char>(text_[pos_]))) {
        return Error("'shape' holds something other than non-negative integers");
      }
      int64_t value = 0;
      int digits = 0;
      while (pos_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[pos_]))) {
        if (++digits > 18) return Error("a 'shape' extent is too large");
        value = value * 10 + (text_[pos_++] - '0');
      }
      Consume('L');
      values->push_back(value);
      SkipSpace();
      if (Consume(',')) continue;
      SkipSpace();
      if (Consume(')')) return absl::OkStatus();
      return Error("'shape' tuple is not closed");
    }
  }

  absl::string_view text_;
  absl::string_view where_;
  size_t pos_ = 0;
};

}  // namespace

absl::string_view NpyDescr(DType dtype) {
  switch (dtype) {
    case DType::kUint8:
      return "|u1";
    case DType::kInt32:
      return "<i4";
    case DType::kInt64:
      return "<i8";
    case DType::kFloat32:
      return "<f4";
    case DType::kFloat64:
      return "<f8";
  }
  return "?";
}

std::optional<DType> DTypeFromNpyDescr(absl::string_view descr) {
  for (DType dtype :
       {DType::kUint8, DType::kInt32, DType::kInt64, DType::kFloat32, DType::kFloat64}) {
    if (descr == NpyDescr(dtype)) return dtype;
  }
  return std::nullopt;
}

absl::StatusOr<NpyHeader> ReadNpyHeader(ByteReader& in, absl::string_view where) {
  unsigned char preamble[8];
  RETURN_IF_ERROR(in.ReadExactly(preamble, sizeof(preamble)));
  if (absl::string_view(reinterpret_cast<const char*>(preamble), kMagic.size()) != kMagic) {
    return absl::DataLossError(absl::StrCat(where, ": not a .npy array (bad magic bytes)"));
  }
  const int major = preamble[6];
  const int minor = preamble[7];
  if (major < 1 || major > 3 || minor != 0) {
    return Malformed(where, absl::StrCat("unsupported format version ", major, ".", minor));
  }
  // Version 1.0 stores the dict's length in 2 bytes, 2.0 and 3.0 in 4 (little-endian).
  const size_t length_bytes = major == 1 ? 2 : 4;
  unsigned char length_field[4] = {0, 0, 0, 0};
  RETURN_IF_ERROR(in.ReadExactly(length_field, length_bytes));
  const uint32_t dict_bytes = length_field[0] | (length_field[1] << 8) |
                              (static_cast<uint32_t>(length_field[2]) << 16) |
                              (static_cast<uint32_t>(length_field[3]) << 24);
  if (dict_bytes > kMaxDictBytes) {
    return Malformed(where, absl::StrCat("header length ", dict_bytes, " is implausible"));
  }
  std::string dict(dict_bytes, '\0');
  RETURN_IF_ERROR(in.ReadExactly(dict.data(), dict.size()));
  ASSIGN_OR_RETURN(NpyHeader header, DictParser(dict, where).Parse());
  header.header_bytes = static_cast<int64_t>(sizeof(preamble) + length_bytes + dict_bytes);
  return header;
}

absl::Status CheckNpyHeader(const NpyHeader& header, const ArraySpec& spec,
                            absl::string_view where) {
  if (header.fortran_order) {
    return absl::InvalidArgumentError(
        absl::StrCat(where, ": stored in Fortran order; only C order is supported"));
  }
  return CheckArray(where, DTypeFromNpyDescr(header.descr), absl::StrCat("'", header.descr, "'"),
                    header.shape, spec);
}

std::string FormatNpyHeader(absl::string_view descr, bool fortran_order,
                            const std::vector<int64_t>& shape) {
  std::string dict =
      absl::StrCat("{'descr': '", descr, "', 'fortran_order': ", fortran_order ? "True" : "False",
                   ", 'shape': ", ShapeString(shape), ", }");
  // 10 bytes of magic, version and length, then the dict, spaces and a final newline.
  const size_t unpadded = 10 + dict.size() + 1;
  dict.append((64 - unpadded % 64) % 64, ' ');
  dict.push_back('\n');
  const size_t length = dict.size();
  std::string header(kMagic);
  header.push_back('\x01');
  header.push_back('\x00');
  header.push_back(static_cast<char>(length & 0xff));
  header.push_back(static_cast<char>((length >> 8) & 0xff));
  return header + dict;
}

absl::StatusOr<std::string> NpyBytes(DType dtype, const std::vector<int64_t>& shape,
                                     absl::string_view data) {
  int64_t elements = 0;
  const std::string where = absl::StrCat("array of shape ", ShapeString(shape));
  RETURN_IF_ERROR(CountElements(where, shape, INT64_MAX / 8, &elements));
  if (static_cast<size_t>(elements) * DTypeSize(dtype) != data.size()) {
    return absl::InvalidArgumentError(absl::StrCat(where, " and type ", DTypeName(dtype), " needs ",
                                                   elements * DTypeSize(dtype),
                                                   " bytes of data, got ", data.size()));
  }
  return absl::StrCat(FormatNpyHeader(NpyDescr(dtype), false, shape), data);
}

}  // namespace lambdabeta::data
