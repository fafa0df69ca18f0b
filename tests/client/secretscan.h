#pragma once

#include <QString>
#include <QStringList>

// Every regular file under `root` (hidden ones included) that contains `secret` in plain text,
// as UTF-8 or UTF-16: proof that a password did not leak to disk.
QStringList filesContaining(const QString &root, const QString &secret);

// The folders the keychain fixture (with-dbus-session.sh) gave this process, or an explanation.
QString fixtureDirOrComplaint(bool *ok);
