#pragma once

// Every frame of the protocol, one struct per message type, grouped by family in the included
// headers. `Frame` holds any of them; its alternatives follow the message type table, so
// `Frame::index() + 1` is the type's number.
//
// Every member has a default initializer (`= {}` for strings, lists and optionals), so that code
// written against an older version of a struct, initializing it positionally, still compiles
// without -Wmissing-field-initializers when fields are appended. New fields go at the end.

#include "chatframes.h"
#include "notificationframes.h"
#include "roomframes.h"
#include "sessionframes.h"

#include <variant>

namespace confab::protocol {

using Frame = std::variant<
    Hello,        // 1
    Welcome,      // 2
    Subscribe,    // 3
    Send,         // 4
    Ack,          // 5
    Message,      // 6
    Error,        // 7
    Unsubscribe,  // 8
    Synced,       // 9
    History,      // 10
    Edit,         // 11
    Edited,       // 12
    Delete,       // 13
    Deleted,      // 14
    React,        // 15
    Reaction,     // 16
    MarkRead,     // 17
    Read,         // 18
    Publish,      // 19
    Notification, // 20
    Dismiss,      // 21
    Dismissed,    // 22
    SetTyping,    // 23
    Typing,       // 24
    SetPresence,  // 25
    Presence,     // 26
    CreateRoom,   // 27
    Invite,       // 28
    Join,         // 29
    Leave,        // 30
    Member,       // 31
    ListMembers,  // 32
    Members,      // 33
    ListStreams,  // 34
    Streams,      // 35
    OpenDm,       // 36
    Logout>;      // 37

} // namespace confab::protocol
