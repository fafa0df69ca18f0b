#include "errorcode.h"

#include <array>
#include <utility>

namespace confab::protocol {
namespace {

using namespace Qt::StringLiterals;

constexpr std::array kErrorNames{
    std::pair{ErrorCode::Malformed, "malformed"},
    std::pair{ErrorCode::UnknownType, "unknown_type"},
    std::pair{ErrorCode::MissingField, "missing_field"},
    std::pair{ErrorCode::InvalidField, "invalid_field"},
    std::pair{ErrorCode::UnexpectedType, "unexpected_type"},
    std::pair{ErrorCode::UnsupportedProtocol, "unsupported_protocol"},
    std::pair{ErrorCode::NotAuthenticated, "not_authenticated"},
    std::pair{ErrorCode::AuthFailed, "auth_failed"},
    std::pair{ErrorCode::NotFound, "not_found"},
    std::pair{ErrorCode::Forbidden, "forbidden"},
    std::pair{ErrorCode::TooLarge, "too_large"},
    std::pair{ErrorCode::RateLimited, "rate_limited"},
    std::pair{ErrorCode::Internal, "internal"},
};

} // namespace

QString errorCodeName(ErrorCode code)
{
    for (const auto &[value, name] : kErrorNames) {
        if (value == code)
            return QString::fromLatin1(name);
    }
    return u"internal"_s;
}

std::optional<ErrorCode> errorCodeFromName(QStringView name)
{
    for (const auto &[value, text] : kErrorNames) {
        if (name == QLatin1StringView(text))
            return value;
    }
    return std::nullopt;
}

} // namespace confab::protocol
