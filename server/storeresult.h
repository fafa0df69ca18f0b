#pragma once

#include <QString>

#include <utility>
#include <variant>

namespace confab::relay {

// Why a store operation failed, in words for the log. The client only ever sees `internal`.
struct StoreError {
    QString message;
};

// A store operation's value or its error: errors are values, never exceptions.
template <typename T>
class StoreResult
{
public:
    StoreResult(T value) : m_value(std::move(value)) {}
    StoreResult(StoreError error) : m_value(std::move(error)) {}

    bool ok() const { return std::holds_alternative<T>(m_value); }
    const T &value() const { return std::get<T>(m_value); }
    T &value() { return std::get<T>(m_value); }
    const StoreError &error() const { return std::get<StoreError>(m_value); }

private:
    std::variant<T, StoreError> m_value;
};

} // namespace confab::relay
