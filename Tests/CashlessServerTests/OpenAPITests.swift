import Foundation
import Hummingbird
import HummingbirdTesting
import Rules
import Testing

@Suite("The OpenAPI document at GET /openapi.json")
struct OpenAPITests {
    @Test("GET /openapi.json answers without a key with the OpenAPI 3.1 document, bearer keys as its security", arguments: ServerDatabase.all)
    func served(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            let response = try await app.call(.get, "/openapi.json", headers: [:])
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/json")
            let document = try OpenAPI(Data(buffer: response.body)).document
            #expect((document["openapi"] as? String)?.hasPrefix("3.1.") == true)
            let schemes = (document["components"] as? [String: Any])?["securitySchemes"] as? [String: [String: String]]
            #expect(schemes?["bearer"]?["type"] == "http" && schemes?["bearer"]?["scheme"] == "bearer")
            #expect(document["security"] as? [[String: [String]]] == [["bearer": []]])
        }
    }

    @Test("The document names every route the router registers, and no route the router does not have", arguments: ServerDatabase.all)
    func everyRoute(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            let documented = try await app.openAPI().routes
            #expect(!app.routes.isEmpty)
            let undocumented = app.routes.subtracting(documented).sorted()
            let unregistered = documented.subtracting(app.routes).sorted()
            #expect(undocumented.isEmpty, "routes missing from Resources/openapi.json: \(undocumented)")
            #expect(unregistered.isEmpty, "routes in Resources/openapi.json that the router does not have: \(unregistered)")
        }
    }

    @Test("Every path parameter is declared, and every operation has an id, a summary and responses", arguments: ServerDatabase.all)
    func operationsComplete(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            let document = try await app.openAPI()
            let parameters = (document.document["components"] as? [String: Any])?["parameters"] as? [String: [String: Any]] ?? [:]
            func declared(_ list: Any?) -> Set<String> {
                Set(
                    (list as? [[String: Any]] ?? []).compactMap { parameter in
                        let resolved = (parameter["$ref"] as? String).map { parameters[String($0.split(separator: "/").last!)] ?? [:] } ?? parameter
                        return resolved["in"] as? String == "path" ? resolved["name"] as? String : nil
                    }
                )
            }
            var operationIds: [String] = []
            for (path, item) in document.paths {
                let inPath = Set(path.matches(of: /\{([a-zA-Z]+)\}/).map { String($0.1) })
                for method in OpenAPI.methods {
                    guard let operation = item[method] as? [String: Any] else { continue }
                    #expect(declared(item["parameters"]).union(declared(operation["parameters"])) == inPath, "\(method) \(path)")
                    #expect(operation["summary"] is String, "\(method) \(path)")
                    #expect(!(operation["responses"] as? [String: Any] ?? [:]).isEmpty, "\(method) \(path)")
                    operationIds.append(operation["operationId"] as? String ?? "")
                }
            }
            #expect(!operationIds.contains(""))
            #expect(Set(operationIds).count == operationIds.count, "operationIds are unique")
        }
    }

    @Test("Every $ref in the document points at a component it defines", arguments: ServerDatabase.all)
    func referencesResolve(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            let document = try await app.openAPI().document
            var references: [String] = []
            func collect(_ value: Any) {
                if let object = value as? [String: Any] {
                    if let reference = object["$ref"] as? String { references.append(reference) }
                    object.values.forEach(collect)
                } else if let array = value as? [Any] {
                    array.forEach(collect)
                }
            }
            collect(document)
            #expect(references.count > 50)
            for reference in Set(references) {
                var target: Any? = document
                for key in reference.split(separator: "/").dropFirst() { target = (target as? [String: Any])?[String(key)] }
                #expect(reference.hasPrefix("#/") && target is [String: Any], "\(reference)")
            }
        }
    }

    @Test("the document lists exactly the problem codes the rules give")
    func problemCodes() async throws {
        try await Harness.run(on: .sqlite) { app in
            let document = try await app.call(.get, "/openapi.json", headers: [:]).json()
            let schemas = (document["components"] as? [String: Any])?["schemas"] as? [String: Any]
            let fieldError = schemas?["FieldError"] as? [String: Any]
            let code = (fieldError?["properties"] as? [String: Any])?["code"] as? [String: Any]
            #expect(Set(code?["enum"] as? [String] ?? []) == Set(ProblemCode.allCases.map(\.rawValue)))
        }
    }
}
