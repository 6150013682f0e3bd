//! The contract every fuzz target enforces (docs/fuzzing.md): an input either succeeds or throws
//! InputError, whose message names where the problem is. Anything else (another exception type, an
//! InputError that names nothing, a broken property of a target) is reported on stderr and turned
//! into abort(), so that libFuzzer keeps the input as a crash and the replay test fails.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <string_view>
#include <typeinfo>

#include "models/errors.h"

namespace capexsim::fuzz {

//! Reports a broken contract and aborts.
[[noreturn]] inline void contract_broken(const std::string& what) {
  std::fprintf(stderr, "capexsim fuzz: contract broken: %s\n", what.c_str());
  std::fflush(stderr);
  std::abort();
}

//! Checks a property of a successful input.
inline void require(bool ok, const std::string& what) {
  if (!ok) contract_broken(what);
}

//! Runs `body`; an InputError is fine when its message names a place: the file `file` (when not
//! empty) or, for errors about command-line text, starts with the option ("--set ...").
template <class Body>
int check_contract(std::string_view file, Body&& body) {
  try {
    body();
  } catch (const InputError& e) {
    if (e.message().empty())
      contract_broken(std::string("InputError with an empty message: ") + e.what());
    const bool names_file = !file.empty() && e.file().starts_with(file);
    const bool names_option = e.file().empty() && e.message().starts_with("--set ");
    if (!names_file && !names_option)
      contract_broken("InputError naming neither the file \"" + std::string(file) +
                      "\" nor the option: " + e.what());
  } catch (const std::exception& e) {
    contract_broken(std::string("exception ") + typeid(e).name() + " escaped: " + e.what());
  } catch (...) {
    contract_broken("an exception not derived from std::exception escaped");
  }
  return 0;
}

inline std::string_view as_text(const unsigned char* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

}  // namespace capexsim::fuzz
