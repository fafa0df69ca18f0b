#pragma once

#include "chatframes.h"
#include "sessionframes.h"

#include <QByteArray>

#include <optional>

namespace confab::protocol::detail {

// The two frames a relay writes for every chat message, `message` (stored, then fanned out) and
// `ack`, written straight from their structs: the same bytes QJsonDocument writes for their
// QJsonObject (keys in order, compact, Qt's escapes), without building the object, which was a
// third of a busy relay's time. Nothing when a frame holds what only the general path writes
// (an attachment, a number past 2^53): encode() then takes that path.
std::optional<QByteArray> encodeDirectly(const Message &message);
std::optional<QByteArray> encodeDirectly(const Ack &ack);

} // namespace confab::protocol::detail
