#pragma once

#include <QString>
#include <QStringList>

#include <optional>

namespace confab::protocol {

// Stream ids are `<kind>:<name>`. Every validity rule for ids and names lives here, so that the
// codec, the relay and the client agree on which streams can exist.
enum class StreamKind { Room, Dm, Topic, User };

// "room", "dm", "topic", "user" (the `kind` field of a stream summary and the id's prefix).
QString streamKindName(StreamKind kind);
std::optional<StreamKind> streamKindFromName(QStringView name);

// A request id or client_msg_id: 1 to kMaxIdLength printable ASCII characters, no spaces.
bool isValidId(QStringView id);

// A user name: 1 to kMaxNameLength characters from [a-z0-9._-], starting with a letter or digit.
bool isValidUserName(QStringView name);

// A room or topic name: the same rules as a user name.
bool isValidName(QStringView name);

// A stream id: `room:<name>`, `topic:<name>`, `user:<user name>`, or `dm:<a+b+...>` whose name is
// the sorted list of 2 to kMaxDmMembers distinct user names joined by `+`, so that each set of
// people has exactly one conversation.
bool isValidStreamId(QStringView stream);

// The kind of a valid stream id; nullopt for an invalid one.
std::optional<StreamKind> streamKindOf(QStringView stream);

// The part after the colon ("general" for "room:general"); empty for an invalid id.
QString streamName(QStringView stream);

// "user:<name>": the user's own stream of read markers, dismissals and membership changes.
QString userStreamId(const QString &user);

// The dm stream of a set of people (order and duplicates do not matter); empty when the set is not
// 2 to kMaxDmMembers valid user names.
QString dmStreamId(QStringList members);

// The members of a dm stream id, sorted; empty for anything else.
QStringList dmMembers(QStringView stream);

} // namespace confab::protocol
