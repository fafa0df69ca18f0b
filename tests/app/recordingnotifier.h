#pragma once

#include "platform/desktopnotifier.h"

#include <QList>

// A DesktopNotifier that keeps what it was asked to show, for tests that do not look at a real
// notification service.
class RecordingNotifier : public confab::app::DesktopNotifier
{
    Q_OBJECT

public:
    using DesktopNotifier::DesktopNotifier;

    void show(const confab::app::DesktopNotification &notification) override { m_shown.append(notification); }
    void withdraw(const QString &key) override { m_withdrawn.append(key); }
    QString backendName() const override { return QStringLiteral("recording"); }

    const QList<confab::app::DesktopNotification> &shown() const { return m_shown; }

private:
    QList<confab::app::DesktopNotification> m_shown;
    QStringList m_withdrawn;
};
