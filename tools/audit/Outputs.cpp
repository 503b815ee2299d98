#include "Outputs.h"
#include "Processes.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include <optional>

namespace kthread::audit {

namespace fs = llvm::sys::fs;
namespace path = llvm::sys::path;

static llvm::Error outputError(llvm::StringRef Target, std::error_code EC) {
  return llvm::createStringError(EC, "cannot write " + Target + ": " +
                                         EC.message());
}

/// \p Path with symbolic links resolved, also when its last component does
/// not exist yet; "" when its directory does not exist.
static std::string resolvedTarget(llvm::StringRef Path) {
  llvm::SmallString<256> Real;
  if (!fs::real_path(Path, Real))
    return std::string(Real);
  llvm::SmallString<256> Absolute(Path);
  fs::make_absolute(Absolute);
  llvm::StringRef Parent = path::parent_path(Absolute);
  if (fs::real_path(Parent.empty() ? "/" : Parent, Real))
    return "";
  path::append(Real, path::filename(Absolute));
  return std::string(Real);
}

AtomicFile::AtomicFile(std::string Target, std::string Temporary, int FD)
    : Target(std::move(Target)), Temporary(std::move(Temporary)),
      Stream(std::make_unique<llvm::raw_fd_ostream>(FD, /*shouldClose=*/true)) {
}

llvm::Expected<std::unique_ptr<AtomicFile>>
AtomicFile::create(llvm::StringRef Path) {
  std::string Target = resolvedTarget(Path);
  if (Target.empty())
    return outputError(
        Path, std::make_error_code(std::errc::no_such_file_or_directory));
  fs::file_status Status;
  bool Exists = !fs::status(Target, Status) && fs::exists(Status);
  if (Exists && fs::is_directory(Status))
    return outputError(Path, std::make_error_code(std::errc::is_a_directory));
  int FD = -1;
  if (Exists && !fs::is_regular_file(Status)) {
    if (std::error_code EC = fs::openFileForWrite(Target, FD))
      return outputError(Path, EC);
    return std::unique_ptr<AtomicFile>(new AtomicFile(Target, "", FD));
  }
  llvm::SmallString<256> Model(path::parent_path(Target));
  path::append(Model, "." + path::filename(Target) + ".tmp-%%%%%%");
  llvm::SmallString<256> Temporary;
  if (std::error_code EC = fs::createUniqueFile(Model, FD, Temporary))
    return outputError(Path, EC);
  removeOnInterrupt(Temporary);
  return std::unique_ptr<AtomicFile>(
      new AtomicFile(Target, std::string(Temporary), FD));
}

llvm::Error AtomicFile::commit() {
  Stream->close();
  if (Stream->has_error()) {
    std::error_code EC = Stream->error();
    Stream->clear_error(); // Reported here, not by the stream's destructor.
    return outputError(Target, EC);
  }
  Committed = true;
  if (Temporary.empty())
    return llvm::Error::success();
  std::error_code EC = fs::rename(Temporary, Target);
  fs::remove(Temporary);
  forgetPath(Temporary);
  return EC ? outputError(Target, EC) : llvm::Error::success();
}

AtomicFile::~AtomicFile() {
  if (Committed)
    return;
  Stream->close();
  Stream->clear_error();
  if (!Temporary.empty()) {
    fs::remove(Temporary);
    forgetPath(Temporary);
  }
}

llvm::Error writeFileAtomically(llvm::StringRef Path, llvm::StringRef Text) {
  auto File = AtomicFile::create(Path);
  if (!File)
    return File.takeError();
  (*File)->os() << Text;
  return (*File)->commit();
}

static std::optional<fs::UniqueID> identityOf(llvm::StringRef Path) {
  fs::UniqueID ID;
  if (fs::getUniqueID(Path, ID))
    return std::nullopt;
  return ID;
}

static llvm::Error refuse(const NamedInput &Output, const llvm::Twine &What) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 Output.Role + " " + Output.Path + " is " +
                                     What + ": refusing to overwrite it");
}

llvm::Error checkOutputsAreNotInputs(const std::vector<NamedInput> &Outputs,
                                     const std::vector<NamedInput> &Inputs,
                                     bool RefuseSources) {
  for (size_t I = 0; I < Outputs.size(); ++I) {
    const NamedInput &Out = Outputs[I];
    std::string Target = resolvedTarget(Out.Path);
    for (size_t J = 0; J < I; ++J)
      if (!Target.empty() && Target == resolvedTarget(Outputs[J].Path))
        return refuse(Out, "also the file of " + Outputs[J].Role);
    std::optional<fs::UniqueID> ID = identityOf(Out.Path);
    if (!ID)
      continue; // A new file is nobody's input.
    for (const NamedInput &In : Inputs)
      if (identityOf(In.Path) == ID)
        return refuse(Out, In.Role);
    llvm::StringRef Extension = path::extension(Target);
    if (RefuseSources && (Extension == ".c" || Extension == ".h"))
      return refuse(Out, "a C source file");
  }
  return llvm::Error::success();
}

} // namespace kthread::audit
