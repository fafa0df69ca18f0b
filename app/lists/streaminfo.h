#pragma once

#include <QString>
#include <QStringList>

namespace confab::client {
class LocalStore;
}

namespace confab::app {

// How the lists name and count one stream, shared by the sidebar, the quick switcher, the account
// list and the search results so that a stream is called the same everywhere.
struct StreamInfo {
    QString stream;
    QString kind;        // "room" | "dm" | "topic"
    QString displayName; // "general", "bob, carol", "backups"
    int unread = 0;
    int mentions = 0;
    friend bool operator==(const StreamInfo &, const StreamInfo &) = default;
};

namespace streaminfo {

// "room", "dm", "topic", "user", or empty for an invalid id.
QString kindOf(const QString &stream);
// The sidebar's name: the room or topic name; for a dm the other people (comma-joined; just the
// user for a dm with oneself).
QString displayName(const QString &stream, const QString &me);
// 0 rooms, 1 dms, 2 topics (the sidebar's section order), 3 anything else.
int sectionOrder(const QString &kind);
// Streams the sidebar shows: every stream the store knows except the user's own stream.
QStringList sidebarStreams(const client::LocalStore &store);
// Unread: messages from others above the read marker; for a topic, its undismissed notifications
// above the read marker (topics have no messages).
int unreadCount(const client::LocalStore &store, const QString &stream);
// Unread messages from others that mention @me (word boundary, case-insensitive); at most `cap`
// recent messages are read.
int mentionCount(const client::LocalStore &store, const QString &stream, const QString &me, int cap = 500);
// Whether `text` mentions @user.
bool mentions(const QString &text, const QString &user);
StreamInfo read(const client::LocalStore &store, const QString &stream, const QString &me, bool withMentions);

} // namespace streaminfo
} // namespace confab::app
