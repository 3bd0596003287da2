// Converts text-format config files into a Starlark file, so that BUILD macros can see a
// study's grid (datasets, beta, lambda, seeds, steps) when Bazel loads packages. The
// repository rule in study_configs.bzl compiles and runs this with the system compiler.
//
//   textproto_to_starlark <descriptor set> <message type> <name>=<config.pbtxt>...
//
// The descriptor set comes from `protoc --include_imports --descriptor_set_out`.
// prints  CONFIGS = {"<name>": {<field>: <value>, ...}, ...}  with every scalar as a string
// (Bazel 4's Starlark has no floats) and enums by name. Parse errors name file, line, field.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "google/protobuf/descriptor.h"
#include "google/protobuf/descriptor.pb.h"
#include "google/protobuf/dynamic_message.h"
#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/text_format.h"

namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

class Errors : public google::protobuf::io::ErrorCollector {
 public:
  void AddError(int line, int column, const std::string& message) override {
    std::fprintf(stderr, "%s:%d:%d: %s\n", current_file.c_str(), line + 1, column + 1,
                 message.c_str());
  }
  std::string current_file;
};

std::string Quote(const std::string& text) {
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') quoted.push_back('\\');
    if (c == '\n') {
      quoted += "\\n";
      continue;
    }
    quoted.push_back(c);
  }
  return quoted + "\"";
}

// Shortest decimal that reads back as the same double: 0.0001 -> "0.0001", 4.0 -> "4".
std::string FormatDouble(double value) {
  char buffer[32];
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buffer, sizeof(buffer), "%.*g", precision, value);
    if (std::stod(buffer) == value) break;
  }
  return buffer;
}

std::string Scalar(const Message& message, const FieldDescriptor* field, int index) {
  const Reflection* r = message.GetReflection();
  const bool repeated = field->is_repeated();
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
      return Quote(std::to_string(repeated ? r->GetRepeatedInt32(message, field, index)
                                           : r->GetInt32(message, field)));
    case FieldDescriptor::CPPTYPE_INT64:
      return Quote(std::to_string(repeated ? r->GetRepeatedInt64(message, field, index)
                                           : r->GetInt64(message, field)));
    case FieldDescriptor::CPPTYPE_UINT32:
      return Quote(std::to_string(repeated ? r->GetRepeatedUInt32(message, field, index)
                                           : r->GetUInt32(message, field)));
    case FieldDescriptor::CPPTYPE_UINT64:
      return Quote(std::to_string(repeated ? r->GetRepeatedUInt64(message, field, index)
                                           : r->GetUInt64(message, field)));
    case FieldDescriptor::CPPTYPE_DOUBLE:
      return Quote(FormatDouble(repeated ? r->GetRepeatedDouble(message, field, index)
                                         : r->GetDouble(message, field)));
    case FieldDescriptor::CPPTYPE_FLOAT:
      return Quote(FormatDouble(repeated ? r->GetRepeatedFloat(message, field, index)
                                         : r->GetFloat(message, field)));
    case FieldDescriptor::CPPTYPE_BOOL:
      return (repeated ? r->GetRepeatedBool(message, field, index) : r->GetBool(message, field))
                 ? "True"
                 : "False";
    case FieldDescriptor::CPPTYPE_ENUM:
      return Quote(
          (repeated ? r->GetRepeatedEnum(message, field, index) : r->GetEnum(message, field))
              ->name());
    case FieldDescriptor::CPPTYPE_STRING:
      return Quote(repeated ? r->GetRepeatedString(message, field, index)
                            : r->GetString(message, field));
    case FieldDescriptor::CPPTYPE_MESSAGE:
      break;
  }
  return "None";
}

std::string ToStarlark(const Message& message);

std::string Value(const Message& message, const FieldDescriptor* field, int index) {
  if (field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) return Scalar(message, field, index);
  const Reflection* r = message.GetReflection();
  return ToStarlark(field->is_repeated() ? r->GetRepeatedMessage(message, field, index)
                                         : r->GetMessage(message, field));
}

// Every field of the message type, set or not (unset ones at their defaults), so that BUILD
// macros can index any field.
std::string ToStarlark(const Message& message) {
  const Reflection* r = message.GetReflection();
  std::string out = "{";
  for (int i = 0; i < message.GetDescriptor()->field_count(); ++i) {
    const FieldDescriptor* field = message.GetDescriptor()->field(i);
    out += Quote(field->name()) + ": ";
    if (field->is_repeated()) {
      out += "[";
      for (int k = 0; k < r->FieldSize(message, field); ++k) out += Value(message, field, k) + ", ";
      out += "]";
    } else {
      out += Value(message, field, -1);
    }
    out += ", ";
  }
  return out + "}";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: %s <descriptor set> <message type> <name>=<file>...\n", argv[0]);
    return 2;
  }
  google::protobuf::FileDescriptorSet descriptors;
  std::ifstream descriptor_file(argv[1], std::ios::binary);
  if (!descriptors.ParseFromIstream(&descriptor_file)) {
    std::fprintf(stderr, "%s: not a FileDescriptorSet\n", argv[1]);
    return 1;
  }
  google::protobuf::DescriptorPool pool;
  for (const auto& file : descriptors.file()) {
    if (pool.BuildFile(file) == nullptr) {
      std::fprintf(stderr, "%s: cannot build %s\n", argv[1], file.name().c_str());
      return 1;
    }
  }
  const google::protobuf::Descriptor* type = pool.FindMessageTypeByName(argv[2]);
  if (type == nullptr) {
    std::fprintf(stderr, "%s: no message type %s\n", argv[1], argv[2]);
    return 1;
  }
  google::protobuf::DynamicMessageFactory factory(&pool);
  Errors errors;

  std::string out = "# Generated from the study configs by textproto_to_starlark. Do not edit.\n";
  out += "CONFIGS = {\n";
  for (int i = 3; i < argc; ++i) {
    const std::string argument = argv[i];
    const size_t equals = argument.find('=');
    if (equals == std::string::npos) {
      std::fprintf(stderr, "expected <name>=<file>, got %s\n", argv[i]);
      return 2;
    }
    const std::string name = argument.substr(0, equals);
    errors.current_file = argument.substr(equals + 1);
    std::ifstream in(errors.current_file);
    if (!in) {
      std::fprintf(stderr, "%s: cannot open\n", errors.current_file.c_str());
      return 1;
    }
    std::stringstream text;
    text << in.rdbuf();
    std::unique_ptr<Message> message(factory.GetPrototype(type)->New());
    google::protobuf::TextFormat::Parser parser;
    parser.RecordErrorsTo(&errors);
    if (!parser.ParseFromString(text.str(), message.get())) return 1;
    out += "    " + Quote(name) + ": " + ToStarlark(*message) + ",\n";
  }
  out += "}\n";
  std::fputs(out.c_str(), stdout);
  return 0;
}
