#include "headlesscommand.h"

#include "protocol/codec.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace confab::headless {

using namespace Qt::StringLiterals;
namespace proto = confab::protocol;
using Kind = HeadlessCommand::Kind;

namespace {

// The words of a line, and the rest of it after any number of them (for free text).
class Words
{
public:
    explicit Words(const QString &line) : m_line(line), m_words(line.split(u' ', Qt::SkipEmptyParts)) {}

    qsizetype size() const { return m_words.size(); }
    QString at(qsizetype i) const { return m_words.value(i); }

    // Everything after the first `count` words, as typed (inner spaces kept).
    QString restAfter(qsizetype count) const
    {
        qsizetype pos = 0;
        for (qsizetype word = 0; word < count; ++word) {
            while (pos < m_line.size() && m_line.at(pos) == u' ')
                ++pos;
            while (pos < m_line.size() && m_line.at(pos) != u' ')
                ++pos;
        }
        if (pos < m_line.size())
            ++pos; // the one space that separates the text from the last word
        return m_line.mid(pos);
    }

private:
    QString m_line;
    QStringList m_words;
};

std::optional<qint64> number(const QString &word, qint64 minimum)
{
    bool ok = false;
    const qint64 value = word.toLongLong(&ok);
    if (!ok || value < minimum || value > proto::kMaxSafeInteger)
        return std::nullopt;
    return value;
}

CommandError usage(const QString &form)
{
    return {u"usage: "_s + form};
}

std::variant<std::optional<HeadlessCommand>, CommandError> parsePublishJson(const QString &json)
{
    // The relay's own decoder checks every field, so the tool accepts exactly what the protocol does.
    QJsonParseError parseError;
    QJsonObject object = QJsonDocument::fromJson(json.toUtf8(), &parseError).object();
    if (parseError.error != QJsonParseError::NoError || object.isEmpty())
        return CommandError{
            u"publish-json needs a JSON object, e.g. {\"stream\":\"topic:alerts\",\"body\":\"hi\"}"_s};
    if (!object.contains("stream"_L1) && object.contains("topic"_L1))
        object.insert("stream"_L1, object.take("topic"_L1));
    object.insert("type"_L1, u"publish"_s);
    object.insert("id"_L1, u"headless"_s);
    object.insert("client_msg_id"_L1, u"headless"_s);
    const proto::DecodeResult result = proto::decode(QJsonDocument(object).toJson(QJsonDocument::Compact));
    if (!result.ok())
        return CommandError{u"publish-json: "_s + result.error().message};
    const auto &publish = std::get<proto::Publish>(result.frame());
    HeadlessCommand command{Kind::Publish, publish.stream};
    command.notification = {publish.body,      publish.title, publish.priority,  publish.tags,
                            publish.click,     publish.icon,  publish.actions,   publish.deliverAt,
                            publish.expiresAt};
    return command;
}

} // namespace

QString commandUsage()
{
    return u"send <stream> <text> | reply <stream> <seq> <text> | edit <stream> <seq> <text> | "
           "delete <stream> <seq> | react|unreact <stream> <seq> <emoji> | read <stream> <seq> | "
           "publish <topic> <priority> [<title> |] <body> | publish-json <json> | "
           "dismiss <topic> <seq> [all] | "
           "typing <stream> on|off | presence online|away | create-room <name> [private] [<title>] | "
           "invite <room> <user> | join <room> | leave <room> | members <stream> | streams | dm <user>... | "
           "history <stream> [<before>|head] [<limit>] | subscribe <stream> [<since> [<epoch>]] | "
           "unsubscribe <stream> | quit"_s;
}

std::variant<std::optional<HeadlessCommand>, CommandError> parseCommand(const QString &line)
{
    const Words words(line);
    if (words.size() == 0)
        return std::optional<HeadlessCommand>{};
    const QString name = words.at(0);
    const QString stream = words.at(1);
    const bool validStream = proto::isValidStreamId(stream);

    // <stream> <seq> [<text>]: the shape of most chat commands.
    const auto targeted = [&](Kind kind, const QString &form, bool needsText)
        -> std::variant<std::optional<HeadlessCommand>, CommandError> {
        const std::optional<qint64> seq = number(words.at(2), 1);
        const QString text = words.restAfter(3);
        if (!validStream || !seq || (needsText && text.isEmpty()) || (!needsText && words.size() != 3))
            return usage(form);
        HeadlessCommand command{kind, stream};
        command.seq = *seq;
        command.text = text;
        return command;
    };

    if (name == "send"_L1) {
        const QString text = words.restAfter(2);
        if (stream.isEmpty() || text.isEmpty())
            return usage(u"send <stream> <text>"_s);
        return HeadlessCommand{Kind::Send, stream, text};
    }
    if (name == "reply"_L1)
        return targeted(Kind::Reply, u"reply <stream> <seq> <text>"_s, true);
    if (name == "edit"_L1)
        return targeted(Kind::Edit, u"edit <stream> <seq> <text>"_s, true);
    if (name == "delete"_L1)
        return targeted(Kind::Delete, u"delete <stream> <seq>"_s, false);
    if (name == "react"_L1 || name == "unreact"_L1) {
        const Kind kind = name == "react"_L1 ? Kind::React : Kind::Unreact;
        auto parsed = targeted(kind, name + u" <stream> <seq> <emoji>"_s, true);
        if (auto *command = std::get_if<std::optional<HeadlessCommand>>(&parsed))
            (*command)->text = (*command)->text.trimmed();
        return parsed;
    }
    if (name == "read"_L1)
        return targeted(Kind::Read, u"read <stream> <seq>"_s, false);
    if (name == "dismiss"_L1) {
        const std::optional<qint64> seq = number(words.at(2), 1);
        const bool all = words.at(3) == "all"_L1;
        if (!validStream || !seq || words.size() > 4 || (words.size() == 4 && !all))
            return usage(u"dismiss <topic> <seq> [all]"_s);
        HeadlessCommand command{Kind::Dismiss, stream};
        command.seq = *seq;
        command.flag = all;
        return command;
    }
    if (name == "publish"_L1) {
        const std::optional<qint64> priority = number(words.at(2), 1);
        const QString rest = words.restAfter(3);
        if (!validStream || !priority || *priority > proto::kMaxPriority || rest.trimmed().isEmpty())
            return usage(u"publish <topic> <priority 1-5> [<title> |] <body>"_s);
        HeadlessCommand command{Kind::Publish, stream};
        command.notification.priority = int(*priority);
        const qsizetype bar = rest.indexOf(" | "_L1);
        command.notification.title = bar < 0 ? QString() : rest.left(bar).trimmed();
        command.notification.body = bar < 0 ? rest : rest.mid(bar + 3);
        return command;
    }
    if (name == "publish-json"_L1)
        return parsePublishJson(words.restAfter(1));
    if (name == "typing"_L1) {
        const QString state = words.at(2);
        if (!validStream || words.size() != 3 || (state != "on"_L1 && state != "off"_L1))
            return usage(u"typing <stream> on|off"_s);
        HeadlessCommand command{Kind::Typing, stream};
        command.flag = state == "on"_L1;
        return command;
    }
    if (name == "presence"_L1) {
        const std::optional<proto::PresenceStatus> status = proto::presenceStatusFromName(stream);
        if (words.size() != 2 || !status || *status == proto::PresenceStatus::Offline)
            return usage(u"presence online|away"_s);
        HeadlessCommand command{Kind::Presence};
        command.presence = *status;
        return command;
    }
    if (name == "create-room"_L1) {
        const bool isPrivate = words.at(2) == "private"_L1;
        if (!proto::isValidName(stream))
            return usage(u"create-room <name> [private] [<title>]"_s);
        HeadlessCommand command{Kind::CreateRoom, stream};
        command.flag = isPrivate;
        command.text = words.restAfter(isPrivate ? 3 : 2).trimmed();
        return command;
    }
    if (name == "invite"_L1) {
        if (!validStream || words.size() != 3 || !proto::isValidUserName(words.at(2)))
            return usage(u"invite <room> <user>"_s);
        HeadlessCommand command{Kind::Invite, stream};
        command.users = {words.at(2)};
        return command;
    }
    const std::pair<QLatin1StringView, Kind> streamCommands[] = {
        {"join"_L1, Kind::Join},       {"leave"_L1, Kind::Leave},
        {"members"_L1, Kind::Members}, {"unsubscribe"_L1, Kind::Unsubscribe},
    };
    for (const auto &[word, kind] : streamCommands) {
        if (name == word) {
            if (!validStream || words.size() != 2)
                return usage(name + u" <stream>"_s);
            return HeadlessCommand{kind, stream};
        }
    }
    if (name == "streams"_L1 && words.size() == 1)
        return HeadlessCommand{Kind::Streams};
    if (name == "dm"_L1) {
        HeadlessCommand command{Kind::Dm};
        for (qsizetype i = 1; i < words.size(); ++i)
            command.users.append(words.at(i));
        const auto validName = [](const QString &user) { return proto::isValidUserName(user); };
        if (command.users.isEmpty() || !std::all_of(command.users.cbegin(), command.users.cend(), validName))
            return usage(u"dm <user>..."_s);
        return command;
    }
    if (name == "history"_L1) {
        HeadlessCommand command{Kind::History, stream};
        const QString before = words.at(2);
        if (!before.isEmpty() && before != "head"_L1)
            command.number = number(before, 1);
        const std::optional<qint64> limit =
            words.size() > 3 ? number(words.at(3), 1) : std::optional<qint64>(0);
        if (!validStream || words.size() > 4 || (!before.isEmpty() && before != "head"_L1 && !command.number)
            || !limit || *limit > proto::kMaxHistoryLimit)
            return usage(u"history <stream> [<before>|head] [<limit>]"_s);
        command.limit = int(*limit);
        return command;
    }
    if (name == "subscribe"_L1) {
        HeadlessCommand command{Kind::Subscribe, stream};
        if (words.size() > 2)
            command.number = number(words.at(2), 0);
        command.epoch = words.at(3);
        if (!validStream || words.size() > 4 || (words.size() > 2 && !command.number))
            return usage(u"subscribe <stream> [<since> [<epoch>]]"_s);
        return command;
    }
    if (name == "quit"_L1 && words.size() == 1)
        return HeadlessCommand{Kind::Quit};
    return CommandError{u"unknown command; use: "_s + commandUsage()};
}

} // namespace confab::headless
