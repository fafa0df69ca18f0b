#include "eventprinter.h"

#include "client/clientengine.h"
#include "protocol/codec.h"

#include <QJsonDocument>

#include <cstdio>

namespace confab::headless {

using namespace Qt::StringLiterals;
using client::ClientEngine;
namespace proto = confab::protocol;

EventPrinter::EventPrinter(ClientEngine *engine, QObject *parent) : QObject(parent)
{
    // The first format of the tool, kept as it was (plus epoch and reply_to): scripts parse it.
    connect(engine, &ClientEngine::messageReceived, this, [](const proto::Message &message) {
        QJsonObject fields{{"stream"_L1, message.stream},
                           {"epoch"_L1, message.epoch},
                           {"seq"_L1, message.seq},
                           {"ts"_L1, message.ts},
                           {"sender"_L1, message.sender},
                           {"client_msg_id"_L1, message.clientMsgId},
                           {"text"_L1, message.text}};
        if (message.replyTo)
            fields.insert("reply_to"_L1, *message.replyTo);
        print("message"_L1, fields);
    });
    // Every newer event kind as its wire fields, under its wire type name.
    connect(engine, &ClientEngine::messageEdited, this, [](const proto::Edited &e) { printFrame(e); });
    connect(engine, &ClientEngine::messageDeleted, this, [](const proto::Deleted &e) { printFrame(e); });
    connect(engine, &ClientEngine::reactionReceived, this, [](const proto::Reaction &e) { printFrame(e); });
    connect(engine, &ClientEngine::readMarkerReceived, this, [](const proto::Read &e) { printFrame(e); });
    connect(engine, &ClientEngine::notificationReceived, this,
            [](const proto::Notification &e) { printFrame(e); });
    connect(engine, &ClientEngine::notificationDismissed, this,
            [](const proto::Dismissed &e) { printFrame(e); });
    connect(engine, &ClientEngine::memberChanged, this, [](const proto::Member &e) { printFrame(e); });
    connect(engine, &ClientEngine::typingChanged, this, [](const proto::Typing &e) { printFrame(e); });
    connect(engine, &ClientEngine::presenceChanged, this, [](const proto::Presence &e) { printFrame(e); });
    connect(engine, &ClientEngine::synced, this,
            [](const QString &stream, const QString &epoch, qint64 seq, bool recovered) {
                print("synced"_L1, {{"stream"_L1, stream},
                                    {"epoch"_L1, epoch},
                                    {"seq"_L1, seq},
                                    {"recovered"_L1, recovered}});
            });
    connect(engine, &ClientEngine::resyncNeeded, this,
            [](const QString &stream) { print("resync_needed"_L1, {{"stream"_L1, stream}}); });
}

void EventPrinter::print(QLatin1StringView event, const QJsonObject &fields)
{
    // "event" first, for people reading along; QJsonObject would sort it among the other keys.
    QByteArray line = R"({"event":")" + QByteArray(event.data(), event.size()) + '"';
    const QByteArray rest = QJsonDocument(fields).toJson(QJsonDocument::Compact);
    if (rest.size() > 2)
        line += ',' + rest.mid(1);
    else
        line += '}';
    line += '\n';
    std::fwrite(line.constData(), 1, size_t(line.size()), stdout);
    std::fflush(stdout);
}

QJsonObject EventPrinter::wireFields(const proto::Frame &frame)
{
    QJsonObject fields = QJsonDocument::fromJson(proto::encode(frame)).object();
    fields.remove("type"_L1);
    return fields;
}

void EventPrinter::printFrame(const proto::Frame &frame)
{
    const QByteArray type = proto::messageTypeName(proto::typeOf(frame)).toLatin1();
    print(QLatin1StringView(type), wireFields(frame));
}

} // namespace confab::headless
