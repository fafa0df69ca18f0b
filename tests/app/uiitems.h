#pragma once

#include <QQuickItem>
#include <QQuickWindow>
#include <QString>

// The QML items of a window whose component (file) is `typeName` ("FirstRunPage" for
// pages/FirstRunPage.qml): QML names their classes "FirstRunPage_QMLTYPE_12" and the like.
inline QList<QQuickItem *> itemsOfType(QQuickWindow *window, const QString &typeName)
{
    QList<QQuickItem *> found;
    if (!window)
        return found;
    const QList<QQuickItem *> items = window->findChildren<QQuickItem *>();
    for (QQuickItem *item : items) {
        const QString className = QString::fromLatin1(item->metaObject()->className());
        if (className == typeName || className.startsWith(typeName + QStringLiteral("_QMLTYPE_")))
            found.append(item);
    }
    return found;
}

// True when an item of that type is shown: visible itself and every parent, with a size.
inline bool isShown(QQuickWindow *window, const QString &typeName)
{
    for (QQuickItem *item : itemsOfType(window, typeName)) {
        if (item->isVisible() && item->width() > 0 && item->height() > 0)
            return true;
    }
    return false;
}
