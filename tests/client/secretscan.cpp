#include "secretscan.h"

#include <QDirIterator>
#include <QFile>

using namespace Qt::StringLiterals;

QStringList filesContaining(const QString &root, const QString &secret)
{
    const QByteArray utf8 = secret.toUtf8();
    const QByteArray utf16(reinterpret_cast<const char *>(secret.utf16()), secret.size() * 2);
    QStringList hits;
    QDirIterator it(root, QDir::Files | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        if (!it.fileInfo().isFile())
            continue; // sockets and fifos
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            continue;
        const QByteArray content = file.read(64 * 1024 * 1024);
        if (content.contains(utf8) || content.contains(utf16))
            hits.append(path);
    }
    return hits;
}

QString fixtureDirOrComplaint(bool *ok)
{
    const QString dir = qEnvironmentVariable("CONFAB_TEST_FIXTURE_DIR");
    *ok = !dir.isEmpty() && qEnvironmentVariable("HOME").startsWith(dir);
    if (!*ok) {
        return u"run this test through ctest: it needs tests/support/with-dbus-session.sh, "
               "or it would use your own keychain"_s;
    }
    return dir;
}
