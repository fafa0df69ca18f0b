#pragma once

#include "protocol/frames.h"

#include <QJsonObject>
#include <QLatin1StringView>
#include <QObject>

namespace confab::client {
class ClientEngine;
}

namespace confab::headless {

// The headless client's output: one JSON object per line on stdout, `event` first, flushed at
// once so a script reading along sees each event as it happens. It prints the engine's events
// itself (messages, edits, reactions, read markers, notifications, typing, presence, sync
// markers); the answers to commands go through print() from the client, which knows what was asked.
class EventPrinter : public QObject
{
    Q_OBJECT

public:
    explicit EventPrinter(client::ClientEngine *engine, QObject *parent = nullptr);

    static void print(QLatin1StringView event, const QJsonObject &fields = {});
    // A frame's wire fields without its `type`, e.g. for `{"event":"edited", ...}`.
    static QJsonObject wireFields(const protocol::Frame &frame);

private:
    // Prints a frame under its wire type name.
    static void printFrame(const protocol::Frame &frame);
};

} // namespace confab::headless
