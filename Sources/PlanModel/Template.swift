/// A parsed template: literal text and `<path>` / `<path ?? "fallback">` tokens.
///
/// Templates are parsed and checked at compile time; the runtime only renders them.
public struct Template: Codable, Sendable, Equatable {
    /// One piece of a template.
    public enum Part: Sendable, Equatable {
        case text(String)
        case token(path: String, fallback: String?)
    }

    /// The template as the policy wrote it.
    public let source: String
    public let parts: [Part]

    public init(source: String, parts: [Part]) {
        self.source = source
        self.parts = parts
    }

    /// A template of literal text only.
    public init(literal: String) {
        self.init(source: literal, parts: literal.isEmpty ? [] : [.text(literal)])
    }

    /// The token paths the template uses, in order of appearance.
    public var paths: [String] {
        parts.compactMap { if case .token(let path, _) = $0 { return path } else { return nil } }
    }

    /// Renders with the given values. Values are inserted verbatim: tokens inside them are never
    /// re-read. `escape` is applied to every inserted value and to literal text alike.
    /// - Throws: `TemplateRenderError.missingValue` for a token with no value and no fallback.
    public func render(
        _ values: [String: String], escape: (String) -> String = { $0 }
    ) throws(TemplateRenderError) -> String {
        try render(value: { values[$0] }, escape: escape)
    }

    /// Renders with the value of each token path that `value` gives (nil: none), as `render(_:)`.
    public func render(
        value: (String) -> String?, escape: (String) -> String = { $0 }
    ) throws(TemplateRenderError) -> String {
        var out = ""
        for part in parts {
            switch part {
            case .text(let text):
                out += escape(text)
            case .token(let path, let fallback):
                // An empty value stands when there is no fallback: `slot.recipientClause` is empty
                // when the zones agree. (Requests refuse empty names, so no name renders empty.)
                if let value = value(path), !value.isEmpty || fallback == nil {
                    out += escape(value)
                } else if let fallback {
                    out += escape(fallback)
                } else {
                    throw .missingValue(path: path, template: source)
                }
            }
        }
        return out
    }

    enum CodingKeys: String, CodingKey { case source, parts }
}

/// Why a template could not be rendered.
public enum TemplateRenderError: Error, Equatable, Sendable, CustomStringConvertible {
    case missingValue(path: String, template: String)

    public var description: String {
        switch self {
        case .missingValue(let path, let template):
            return "no value for <\(path)> in \"\(template)\" and the token has no fallback"
        }
    }
}

extension Template.Part: Codable {
    enum CodingKeys: String, CodingKey { case text, token, fallback }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if let text = try c.decodeIfPresent(String.self, forKey: .text) {
            self = .text(text)
        } else {
            self = .token(
                path: try c.decode(String.self, forKey: .token),
                fallback: try c.decodeIfPresent(String.self, forKey: .fallback))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .text(let text):
            try c.encode(text, forKey: .text)
        case .token(let path, let fallback):
            try c.encode(path, forKey: .token)
            try c.encodeIfPresent(fallback, forKey: .fallback)
        }
    }
}
