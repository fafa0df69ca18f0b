// Runs the Qt Quick tests (tst_*.qml in this folder) against the static Confab.UI module.
#include <QQmlEngine>
#include <QtQml/qqmlextensionplugin.h>
#include <QtQuickTest>

Q_IMPORT_QML_PLUGIN(Confab_UIPlugin)

using namespace Qt::StringLiterals;

class Setup : public QObject
{
    Q_OBJECT

public Q_SLOTS:
    void qmlEngineAvailable(QQmlEngine *engine)
    {
        // Qt 6.4 does not add the static modules' resource prefix to the import path by itself.
        engine->addImportPath(u"qrc:/qt/qml"_s);
    }
};

QUICK_TEST_MAIN_WITH_SETUP(confab_qml, Setup)

#include "tst_qml.moc"
