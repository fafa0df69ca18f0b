#pragma once

// Internal to the codec: one decoder and one encoder per message type, implemented by family in
// codecsession.cpp, codecchat.cpp, codecnotifications.cpp and codecrooms.cpp; codec.cpp dispatches.
// A decoder reads every field through the reader, which keeps the first error.

#include "attachment.h"
#include "fieldreader.h"

namespace confab::protocol::detail {

// codecattachment.cpp: the optional `attachment` object of send, message, publish and notification.
std::optional<Attachment> readAttachment(FieldReader &r);
void putAttachment(QJsonObject &o, const std::optional<Attachment> &attachment);

// codecsession.cpp
Frame decodeHello(FieldReader &r);
Frame decodeWelcome(FieldReader &r);
Frame decodeSubscribe(FieldReader &r);
Frame decodeAck(FieldReader &r);
Frame decodeError(FieldReader &r);
Frame decodeUnsubscribe(FieldReader &r);
Frame decodeSynced(FieldReader &r);
Frame decodeHistory(FieldReader &r);
Frame decodeLogout(FieldReader &r);
QJsonObject toJson(const Hello &f);
QJsonObject toJson(const Welcome &f);
QJsonObject toJson(const Subscribe &f);
QJsonObject toJson(const Ack &f);
QJsonObject toJson(const Error &f);
QJsonObject toJson(const Unsubscribe &f);
QJsonObject toJson(const Synced &f);
QJsonObject toJson(const History &f);
QJsonObject toJson(const Logout &f);

// codecchat.cpp
Frame decodeSend(FieldReader &r);
Frame decodeMessage(FieldReader &r);
Frame decodeEdit(FieldReader &r);
Frame decodeEdited(FieldReader &r);
Frame decodeDelete(FieldReader &r);
Frame decodeDeleted(FieldReader &r);
Frame decodeReact(FieldReader &r);
Frame decodeReaction(FieldReader &r);
Frame decodeMarkRead(FieldReader &r);
Frame decodeRead(FieldReader &r);
Frame decodeSetTyping(FieldReader &r);
Frame decodeTyping(FieldReader &r);
QJsonObject toJson(const Send &f);
QJsonObject toJson(const Message &f);
QJsonObject toJson(const Edit &f);
QJsonObject toJson(const Edited &f);
QJsonObject toJson(const Delete &f);
QJsonObject toJson(const Deleted &f);
QJsonObject toJson(const React &f);
QJsonObject toJson(const Reaction &f);
QJsonObject toJson(const MarkRead &f);
QJsonObject toJson(const Read &f);
QJsonObject toJson(const SetTyping &f);
QJsonObject toJson(const Typing &f);

// codecnotifications.cpp
Frame decodePublish(FieldReader &r);
Frame decodeNotification(FieldReader &r);
Frame decodeDismiss(FieldReader &r);
Frame decodeDismissed(FieldReader &r);
QJsonObject toJson(const Publish &f);
QJsonObject toJson(const Notification &f);
QJsonObject toJson(const Dismiss &f);
QJsonObject toJson(const Dismissed &f);

// codecrooms.cpp
Frame decodeSetPresence(FieldReader &r);
Frame decodePresence(FieldReader &r);
Frame decodeCreateRoom(FieldReader &r);
Frame decodeInvite(FieldReader &r);
Frame decodeJoin(FieldReader &r);
Frame decodeLeave(FieldReader &r);
Frame decodeMember(FieldReader &r);
Frame decodeListMembers(FieldReader &r);
Frame decodeMembers(FieldReader &r);
Frame decodeListStreams(FieldReader &r);
Frame decodeStreams(FieldReader &r);
Frame decodeOpenDm(FieldReader &r);
QJsonObject toJson(const SetPresence &f);
QJsonObject toJson(const Presence &f);
QJsonObject toJson(const CreateRoom &f);
QJsonObject toJson(const Invite &f);
QJsonObject toJson(const Join &f);
QJsonObject toJson(const Leave &f);
QJsonObject toJson(const Member &f);
QJsonObject toJson(const ListMembers &f);
QJsonObject toJson(const Members &f);
QJsonObject toJson(const ListStreams &f);
QJsonObject toJson(const Streams &f);
QJsonObject toJson(const OpenDm &f);

} // namespace confab::protocol::detail
