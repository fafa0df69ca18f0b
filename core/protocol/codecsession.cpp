// Encoding and decoding of the session frames: hello, welcome, subscribe, unsubscribe, synced,
// history, ack, error and logout.

#include "codecparts.h"

namespace confab::protocol::detail {

using namespace Qt::StringLiterals;
using Need = FieldReader::Need;

Frame decodeHello(FieldReader &r)
{
    Hello hello;
    hello.id = r.id("id"_L1, Need::Optional);
    hello.protocol = int(r.integer("protocol"_L1, 1, 1'000'000).value_or(0));
    hello.client = r.string("client"_L1, kMaxNameLength * 2, Need::Optional);
    const QJsonObject authObject = r.object("auth"_L1);
    FieldReader auth(authObject, u"auth"_s, r);
    // Either a token, or a user name and password (which may ask for a new session token).
    if (authObject.contains("token"_L1)) {
        hello.token = auth.string("token"_L1, kMaxSecretLength);
        auth.check(!authObject.contains("username"_L1) && !authObject.contains("password"_L1), "token"_L1,
                   "excludes username and password"_L1);
    } else {
        hello.username = auth.string("username"_L1, kMaxNameLength);
        hello.password = auth.string("password"_L1, kMaxSecretLength);
        hello.newToken = auth.boolean("new_token"_L1, Need::Optional).value_or(false);
    }
    return hello;
}

QJsonObject toJson(const Hello &f)
{
    QJsonObject auth;
    if (!f.token.isEmpty()) {
        auth.insert("token"_L1, f.token);
    } else {
        auth = QJsonObject{{"username"_L1, f.username}, {"password"_L1, f.password}};
        if (f.newToken)
            auth.insert("new_token"_L1, true);
    }
    QJsonObject o{{"type"_L1, "hello"_L1}, {"protocol"_L1, f.protocol}, {"auth"_L1, auth}};
    putIfSet(o, "id"_L1, f.id);
    putIfSet(o, "client"_L1, f.client);
    return o;
}

Frame decodeWelcome(FieldReader &r)
{
    Welcome welcome;
    welcome.id = r.id("id"_L1, Need::Optional);
    welcome.protocol = int(r.integer("protocol"_L1, 1, 1'000'000).value_or(0));
    welcome.user = r.string("user"_L1, kMaxNameLength);
    welcome.server = r.string("server"_L1, kMaxNameLength * 2, Need::Optional);
    welcome.time = r.time("time"_L1, Need::Required).value_or(0);
    welcome.token = r.string("token"_L1, kMaxSecretLength, Need::Optional);
    welcome.tokenExpires = r.time("token_expires"_L1, Need::Optional);
    // An empty limits object (or one of nulls) advertises nothing, like an absent one.
    if (const QJsonObject limitsObject = r.object("limits"_L1, Need::Optional); !limitsObject.isEmpty()) {
        FieldReader limits(limitsObject, u"limits"_s, r);
        RelayLimits relayLimits;
        relayLimits.maxMessageBytes = limits.integer("max_message_bytes"_L1, 1, kMaxSafeInteger, Need::Optional).value_or(0);
        relayLimits.rateBurst = int(limits.integer("rate_burst"_L1, 1, 1'000'000'000, Need::Optional).value_or(0));
        // Each field is optional: a relay may advertise only some of its limits.
        const QJsonValue rate = limitsObject.value("rate_per_second"_L1);
        if (!FieldReader::isAbsent(rate)) {
            const double perSecond = rate.toDouble(-1.0);
            limits.check(rate.isDouble() && perSecond > 0.0 && perSecond <= 1e9, "rate_per_second"_L1,
                         "must be a number above 0"_L1);
            if (rate.isDouble() && perSecond > 0.0 && perSecond <= 1e9)
                relayLimits.ratePerSecond = perSecond;
        }
        // Members that are all null advertise nothing either.
        if (relayLimits != RelayLimits {})
            welcome.limits = relayLimits;
    }
    return welcome;
}

QJsonObject toJson(const Welcome &f)
{
    QJsonObject o{{"type"_L1, "welcome"_L1}, {"protocol"_L1, f.protocol}, {"user"_L1, f.user}};
    putInteger(o, "time"_L1, f.time);
    putIfSet(o, "id"_L1, f.id);
    putIfSet(o, "server"_L1, f.server);
    putIfSet(o, "token"_L1, f.token);
    putIfSet(o, "token_expires"_L1, f.tokenExpires);
    if (f.limits && *f.limits != RelayLimits {}) {
        QJsonObject limits;
        if (f.limits->maxMessageBytes > 0)
            putInteger(limits, "max_message_bytes"_L1, f.limits->maxMessageBytes);
        if (f.limits->rateBurst > 0)
            limits.insert("rate_burst"_L1, f.limits->rateBurst);
        if (f.limits->ratePerSecond > 0.0)
            limits.insert("rate_per_second"_L1, f.limits->ratePerSecond);
        o.insert("limits"_L1, limits);
    }
    return o;
}

Frame decodeLogout(FieldReader &r)
{
    return Logout{r.id("id"_L1, Need::Required)};
}

QJsonObject toJson(const Logout &f)
{
    return {{"type"_L1, "logout"_L1}, {"id"_L1, f.id}};
}

Frame decodeSubscribe(FieldReader &r)
{
    Subscribe subscribe;
    subscribe.id = r.id("id"_L1, Need::Required);
    subscribe.stream = r.stream();
    subscribe.since = r.integer("since"_L1, 0, kMaxSafeInteger, Need::Optional);
    subscribe.epoch = r.string("epoch"_L1, kMaxIdLength, Need::Optional);
    return subscribe;
}

QJsonObject toJson(const Subscribe &f)
{
    QJsonObject o{{"type"_L1, "subscribe"_L1}, {"id"_L1, f.id}, {"stream"_L1, f.stream}};
    putIfSet(o, "since"_L1, f.since);
    putIfSet(o, "epoch"_L1, f.epoch);
    return o;
}

Frame decodeUnsubscribe(FieldReader &r)
{
    Unsubscribe unsubscribe;
    unsubscribe.id = r.id("id"_L1, Need::Required);
    unsubscribe.stream = r.stream();
    return unsubscribe;
}

QJsonObject toJson(const Unsubscribe &f)
{
    return {{"type"_L1, "unsubscribe"_L1}, {"id"_L1, f.id}, {"stream"_L1, f.stream}};
}

Frame decodeSynced(FieldReader &r)
{
    Synced synced;
    synced.stream = r.stream();
    synced.epoch = r.string("epoch"_L1, kMaxIdLength);
    synced.seq = r.integer("seq"_L1, 0, kMaxSafeInteger).value_or(0);
    synced.recovered = r.boolean("recovered"_L1, Need::Required).value_or(false);
    return synced;
}

QJsonObject toJson(const Synced &f)
{
    QJsonObject o{{"type"_L1, "synced"_L1}, {"stream"_L1, f.stream}, {"epoch"_L1, f.epoch},
                  {"recovered"_L1, f.recovered}};
    putInteger(o, "seq"_L1, f.seq);
    return o;
}

Frame decodeHistory(FieldReader &r)
{
    History history;
    history.id = r.id("id"_L1, Need::Required);
    history.stream = r.stream();
    history.before = r.integer("before"_L1, 1, kMaxSafeInteger, Need::Optional);
    history.limit = int(r.integer("limit"_L1, 1, kMaxHistoryLimit, Need::Optional).value_or(kDefaultHistoryLimit));
    return history;
}

QJsonObject toJson(const History &f)
{
    QJsonObject o{{"type"_L1, "history"_L1}, {"id"_L1, f.id}, {"stream"_L1, f.stream}, {"limit"_L1, f.limit}};
    putIfSet(o, "before"_L1, f.before);
    return o;
}

Frame decodeAck(FieldReader &r)
{
    Ack ack;
    ack.id = r.id("id"_L1, Need::Required);
    ack.stream = r.stream("stream"_L1, Need::Optional);
    ack.clientMsgId = r.id("client_msg_id"_L1, Need::Optional);
    ack.epoch = r.string("epoch"_L1, kMaxIdLength, Need::Optional);
    ack.seq = r.integer("seq"_L1, 0, kMaxSafeInteger, Need::Optional).value_or(0);
    ack.ts = r.time("ts"_L1, Need::Optional).value_or(0);
    ack.firstSeq = r.integer("first_seq"_L1, 0, kMaxSafeInteger, Need::Optional);
    ack.hasMore = r.boolean("has_more"_L1, Need::Optional);
    ack.scheduled = r.boolean("scheduled"_L1, Need::Optional).value_or(false);
    ack.deliverAt = r.time("deliver_at"_L1, Need::Optional);
    return ack;
}

QJsonObject toJson(const Ack &f)
{
    QJsonObject o{{"type"_L1, "ack"_L1}, {"id"_L1, f.id}};
    putIfSet(o, "stream"_L1, f.stream);
    putIfSet(o, "client_msg_id"_L1, f.clientMsgId);
    putIfSet(o, "epoch"_L1, f.epoch);
    if (f.seq)
        putInteger(o, "seq"_L1, f.seq);
    if (f.ts)
        putInteger(o, "ts"_L1, f.ts);
    putIfSet(o, "first_seq"_L1, f.firstSeq);
    if (f.hasMore)
        o.insert("has_more"_L1, *f.hasMore);
    if (f.scheduled)
        o.insert("scheduled"_L1, true);
    putIfSet(o, "deliver_at"_L1, f.deliverAt);
    return o;
}

Frame decodeError(FieldReader &r)
{
    Error error;
    error.id = r.id("id"_L1, Need::Optional);
    const QString code = r.string("code"_L1, kMaxNameLength);
    if (!code.isEmpty()) {
        // An unknown code from a newer relay still decodes, as `internal`, keeping its message.
        error.code = errorCodeFromName(code).value_or(ErrorCode::Internal);
    }
    error.message = r.string("message"_L1, kMaxTextLength, Need::Optional);
    error.retryAfterMs = r.integer("retry_after_ms"_L1, 0, kMaxSafeInteger, Need::Optional);
    return error;
}

QJsonObject toJson(const Error &f)
{
    QJsonObject o{{"type"_L1, "error"_L1}, {"code"_L1, errorCodeName(f.code)}, {"message"_L1, f.message}};
    putIfSet(o, "id"_L1, f.id);
    putIfSet(o, "retry_after_ms"_L1, f.retryAfterMs);
    return o;
}

} // namespace confab::protocol::detail
