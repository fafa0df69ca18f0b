#include "httpauth.h"

#include "authenticator.h"
#include "http/httpexchange.h"
#include "httpapi/httptopicaccess.h"
#include "metrics/relaymetrics.h"

#include <QPointer>

namespace confab::relay {

using namespace Qt::StringLiterals;
using Outcome = Authenticator::Result::Outcome;

namespace {

// What a credential in a request says, before anyone checked it.
struct Credentials {
    QString username;
    QString password;
    QString token;
};

// One `Authorization` header value: "Bearer <token>" or "Basic <base64 user:password>". ntfy also
// takes Basic with an empty user name and a token as the password; so do we. Nothing when it is
// neither (an unknown scheme, bad base64, no colon).
std::optional<Credentials> parseAuthorization(const QByteArray &value)
{
    const QByteArray trimmed = value.trimmed();
    const qsizetype space = trimmed.indexOf(' ');
    if (space <= 0)
        return std::nullopt;
    const QByteArray scheme = trimmed.left(space).toLower();
    const QByteArray rest = trimmed.mid(space + 1).trimmed();
    if (rest.isEmpty())
        return std::nullopt;
    if (scheme == "bearer") {
        return Credentials { {}, {}, QString::fromUtf8(rest) };
    }
    if (scheme == "basic") {
        const auto decoded = QByteArray::fromBase64Encoding(rest, QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded)
            return std::nullopt;
        const QByteArray pair = *decoded;
        const qsizetype colon = pair.indexOf(':');
        if (colon < 0)
            return std::nullopt;
        Credentials credentials { QString::fromUtf8(pair.left(colon)), QString::fromUtf8(pair.mid(colon + 1)), {} };
        if (credentials.username.isEmpty()) {
            if (credentials.password.isEmpty())
                return std::nullopt;
            credentials.token = credentials.password;
            credentials.password.clear();
        }
        return credentials;
    }
    return std::nullopt;
}

// The `auth` query parameter: a whole Authorization header value in base64url (ntfy leaves the
// padding off; we take it either way, and plain base64 too).
std::optional<QByteArray> decodeAuthParameter(const QString &parameter)
{
    QByteArray text = parameter.trimmed().toLatin1();
    while (text.endsWith('='))
        text.chop(1);
    if (text.isEmpty() || text.size() % 4 == 1)
        return std::nullopt;
    while (text.size() % 4 != 0)
        text.append('=');
    for (const auto options : { QByteArray::Base64UrlEncoding, QByteArray::Base64Encoding }) {
        const auto decoded
            = QByteArray::fromBase64Encoding(text, options | QByteArray::AbortOnBase64DecodingErrors);
        if (decoded && !decoded.decoded.isEmpty())
            return decoded.decoded;
    }
    return std::nullopt;
}

} // namespace

HttpAuth::HttpAuth(Authenticator &authenticator, RelayMetrics &metrics)
    : m_authenticator(authenticator), m_metrics(metrics)
{
}

void HttpAuth::authenticate(HttpExchange *exchange, std::function<void(const std::optional<Identity> &)> done)
{
    const HttpRequest &request = exchange->request();
    QByteArray header = request.header("authorization");
    if (header.isEmpty() && request.hasQueryItem(u"auth"_s)) {
        const std::optional<QByteArray> decoded = decodeAuthParameter(request.queryValue(u"auth"_s));
        if (!decoded) {
            exchange->respond(HttpTopicAccess::unauthorized(u"the auth parameter is not base64url of an Authorization header"_s));
            return;
        }
        header = *decoded;
    }
    if (header.trimmed().isEmpty()) {
        done(std::nullopt);
        return;
    }
    const std::optional<Credentials> credentials = parseAuthorization(header);
    if (!credentials) {
        exchange->respond(HttpTopicAccess::unauthorized(u"credentials must be 'Bearer <token>' or 'Basic <user:password>'"_s));
        return;
    }
    Authenticator::Request login;
    login.username = credentials->username;
    login.password = credentials->password;
    login.token = credentials->token;
    login.address = request.peerAddress.toString();
    login.peer = request.peer();
    QPointer<HttpExchange> guarded(exchange);
    // The exchange is the context: when the connection drops and deletes it, nothing is called.
    m_authenticator.login(login, exchange, [guarded, done = std::move(done)](const Authenticator::Result &result) {
        HttpExchange *live = guarded.data();
        if (!live || live->isClosed() || live->isAnswered())
            return;
        switch (result.outcome) {
        case Outcome::Accepted:
            done(result.identity);
            return;
        case Outcome::Refused:
            live->respond(HttpTopicAccess::unauthorized(u"unknown user, wrong password, or a bad or expired token"_s));
            return;
        case Outcome::Throttled: {
            const qint64 seconds = std::max<qint64>(1, (result.retryAfterMs + 999) / 1000);
            live->respond(HttpResponse::error(429, 42909, u"too many failed logins; try again later"_s)
                              .withHeader("Retry-After", QByteArray::number(seconds)));
            return;
        }
        case Outcome::Failed:
            live->respond(HttpResponse::error(500, 50001, u"the relay could not check the credentials; try again"_s));
            return;
        }
    });
}

} // namespace confab::relay
