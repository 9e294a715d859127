import CLibXML2
import Foundation

/// Parses HTML with libxml2's error-tolerant HTML parser and copies the document into an
/// `HTMLNode` tree (elements and text; comments, processing instructions and the doctype are dropped).
enum HTMLParser {
    /// libxml2 is loaded on first use (so that commands that never read a page do not load it) and
    /// initialized once before threads use it; a global's initializer runs exactly once. Without
    /// it no page can be read: like the dynamic loader at start-up, stop with one line, exit 69.
    static let initialized: Bool = {
        if let reason = folio_xml_load() {
            let line = "folio: libxml2 is needed to read pages and cannot be loaded (\(String(cString: reason)))\n"
            FileHandle.standardError.write(Data(line.utf8))
            exit(69)
        }
        return true
    }()

    /// The `<html>` element of the page whose text is `utf8`, in the encoding libxml2 knows as `encoding`
    /// ("UTF-8", or an iconv name for pages the extractor does not convert itself). Nil when libxml2 finds no element.
    static func parse(_ bytes: [UInt8], encoding: String) -> HTMLNode? {
        _ = initialized
        guard !bytes.isEmpty, bytes.count < Int(Int32.max) else { return nil }
        folio_silence_errors()
        let document: htmlDocPtr? = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { characters in
                folio_html_read_memory(characters.baseAddress, Int32(characters.count), nil, encoding, folio_html_parse_options())
            }
        }
        guard let document else { return nil }
        defer { folio_xml_free_doc(document) }
        guard let rootElement = folio_xml_doc_get_root_element(document) else { return nil }
        let root = HTMLNode(element: name(of: rootElement), attributes: attributes(of: rootElement))
        copyChildren(of: rootElement, into: root)
        if root.tag != "html" {
            let html = HTMLNode(element: "html")
            html.append(root)
            return html
        }
        return root
    }

    static func isEncodingSupported(_ name: String) -> Bool {
        _ = initialized
        return folio_encoding_is_supported(name) != 0
    }

    private static func copyChildren(of source: xmlNodePtr, into parent: HTMLNode) {
        var child = source.pointee.children
        while let node = child {
            switch node.pointee.type {
            case XML_ELEMENT_NODE:
                let element = HTMLNode(element: name(of: node), attributes: attributes(of: node))
                parent.append(element)
                copyChildren(of: node, into: element)
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = node.pointee.content {
                    parent.append(HTMLNode(text: String(cString: content)))
                }
            default:
                break
            }
            child = node.pointee.next
        }
    }

    private static func name(of node: xmlNodePtr) -> String {
        guard let name = node.pointee.name else { return "" }
        return String(cString: name).lowercased()
    }

    private static func attributes(of node: xmlNodePtr) -> [(name: String, value: String)] {
        var result: [(name: String, value: String)] = []
        var property = node.pointee.properties
        while let attribute = property {
            if let name = attribute.pointee.name {
                var value = ""
                var valueNode = attribute.pointee.children
                while let text = valueNode {
                    if let content = text.pointee.content { value += String(cString: content) }
                    valueNode = text.pointee.next
                }
                result.append((String(cString: name).lowercased(), value))
            }
            property = attribute.pointee.next
        }
        return result
    }
}
