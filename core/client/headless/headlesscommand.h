#pragma once

#include "client/notificationdraft.h"
#include "protocol/fieldvalues.h"

#include <QString>
#include <QStringList>

#include <optional>
#include <variant>

namespace confab::headless {

// One line of the headless client's input, parsed and checked but not yet acted on: the command
// and the arguments it uses (the others keep their defaults). parseCommand() is pure, so the
// command language can change without touching how the client runs it.
struct HeadlessCommand {
    enum class Kind {
        Send,        // send <stream> <text>
        Reply,       // reply <stream> <seq> <text>
        Edit,        // edit <stream> <seq> <text>
        Delete,      // delete <stream> <seq>
        React,       // react <stream> <seq> <emoji>
        Unreact,     // unreact <stream> <seq> <emoji>
        Read,        // read <stream> <seq>
        Publish,     // publish <topic> <priority> <title> | <body>, or publish-json <json>
        Dismiss,     // dismiss <topic> <seq> [all]
        Typing,      // typing <stream> on|off
        Presence,    // presence online|away
        CreateRoom,  // create-room <name> [private] [title...]
        Invite,      // invite <room> <user>
        Join,        // join <room>
        Leave,       // leave <room>
        Members,     // members <stream>
        Streams,     // streams
        Dm,          // dm <user>...
        History,     // history <stream> [<before>|head] [<limit>]
        Subscribe,   // subscribe <stream> [<since> [<epoch>]]
        Unsubscribe, // unsubscribe <stream>
        Quit,        // quit
    };

    Kind kind = Kind::Quit;
    QString stream = {};
    QString text = {};                  // message text, emoji, room title
    qint64 seq = 0;                     // the target, the read marker, `since`
    std::optional<qint64> number = {};  // reply_to, history `before`, subscribe `since`
    QString epoch = {};
    bool flag = false;                  // typing on, dismiss all, private room
    int limit = 0;                      // history page size (0 = the relay's default)
    QStringList users = {};
    protocol::PresenceStatus presence = protocol::PresenceStatus::Online;
    client::NotificationDraft notification = {};
};

// A line that is not a valid command: what to tell the user.
struct CommandError {
    QString message;
};

// Parses one input line. Blank lines give nullopt inside the variant's first alternative.
std::variant<std::optional<HeadlessCommand>, CommandError> parseCommand(const QString &line);

// The one-line summary of every command, for errors and --help.
QString commandUsage();

} // namespace confab::headless
