//! Per-path arrays: a std::vector whose elements are left uninitialized on resize, so that a
//! multi-gigabyte buffer is first touched by the worker threads that fill it, in parallel,
//! rather than zeroed by one thread before the run.
#pragma once

#include <memory>
#include <vector>

namespace capexsim {

template <class T>
struct DefaultInitAllocator : std::allocator<T> {
  template <class U>
  struct rebind {
    using other = DefaultInitAllocator<U>;
  };
  using std::allocator<T>::allocator;
  template <class U>
  void construct(U* p) noexcept {
    ::new (static_cast<void*>(p)) U;  // default-, not value-initialization
  }
  template <class U, class... Args>
  void construct(U* p, Args&&... args) {
    std::allocator_traits<std::allocator<T>>::construct(static_cast<std::allocator<T>&>(*this), p,
                                                        std::forward<Args>(args)...);
  }
};

template <class T>
using PathArray = std::vector<T, DefaultInitAllocator<T>>;

}  // namespace capexsim
