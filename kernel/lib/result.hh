// kernel/lib/result.hh — errors are values: Result<T> holds a T or a Linux errno.
//
//   Result<File*> open(...);                 // return Error(ENOENT) or a File*
//   File* f = TRY(open(path));               // on error, return it from this function
//
// A Result must be looked at ([[nodiscard]]); reading the value of an error panics
// with the errno's name, so a forgotten check fails loudly instead of reading garbage.
#pragma once

#include <new>
#include <type_traits>
#include <utility>

#include "lib/errno.hh"
#include "lib/panic.hh"

/// An errno carried as a value. Construct with a positive Linux errno: Error(ENOMEM).
struct [[nodiscard]] Error {
    constexpr explicit Error(int errno_value) : code(errno_value) {}
    int code;
};

template <typename T>
class [[nodiscard]] Result {
public:
    Result(const T& value) : has_value_(true) { new (&storage_) T(value); }
    Result(T&& value) : has_value_(true) { new (&storage_) T(std::move(value)); }
    Result(Error e) : has_value_(false), error_(e.code) {}
    Result(Result&& other) : has_value_(other.has_value_), error_(other.error_) {
        if (has_value_) new (&storage_) T(std::move(other.value_ref()));
    }
    Result(const Result&) = delete;
    Result& operator=(const Result&) = delete;
    ~Result() {
        if (has_value_) value_ref().~T();
    }

    bool is_error() const { return !has_value_; }
    bool has_value() const { return has_value_; }
    /// The errno (positive); only meaningful when is_error().
    int error() const { return error_; }

    T& value() {
        check();
        return value_ref();
    }
    const T& value() const {
        check();
        return const_cast<Result*>(this)->value_ref();
    }
    /// Moves the value out; used by TRY.
    T release_value() {
        check();
        return std::move(value_ref());
    }
    T value_or(T fallback) const { return has_value_ ? value() : fallback; }

private:
    T& value_ref() { return *std::launder(reinterpret_cast<T*>(&storage_)); }
    void check() const {
        if (!has_value_) panic("Result: value() of an error ({} = {})", errno_name(error_), error_);
    }

    alignas(T) unsigned char storage_[sizeof(T)];
    bool has_value_;
    int error_ = 0;
};

template <>
class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Error e) : error_(e.code) {}
    bool is_error() const { return error_ != 0; }
    bool has_value() const { return error_ == 0; }
    int error() const { return error_; }
    void value() const {
        if (error_) panic("Result: value() of an error ({} = {})", errno_name(error_), error_);
    }
    void release_value() const { value(); }

private:
    int error_ = 0;
};

//! [try_macro]
/// Evaluates a Result; on error returns that error from the enclosing function,
/// otherwise yields the value.
#define TRY(expr)                                                        \
    ({                                                                   \
        auto _try_result = (expr);                                       \
        if (_try_result.is_error()) return ::Error(_try_result.error()); \
        _try_result.release_value();                                     \
    })
//! [try_macro]
