"""Deployment artefacts: the compose file validates, .env.example lists every variable tenants.yaml uses, the
generated NGINX sites are current, the systemd unit verifies, and the image is multi-stage, non-root, healthy."""
import os
import re
import shutil
import subprocess
import tempfile
import unittest

from gwtest.processes import gateway_binary

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))


def read(*parts):
    with open(os.path.join(ROOT, *parts)) as f:
        return f.read()


def env_names(yaml_text):
    """The ${VAR} names a YAML file uses outside comments."""
    code = "\n".join(line.split(" #", 1)[0] for line in yaml_text.splitlines() if not line.lstrip().startswith("#"))
    return set(re.findall(r"\$\{([A-Za-z_][A-Za-z0-9_]*)", code))


class ComposeTest(unittest.TestCase):
    def test_compose_file_validates(self):
        compose = shutil.which("docker-compose")
        self.assertIsNotNone(compose, "docker-compose (Debian package) is not installed")
        with tempfile.TemporaryDirectory() as tmp:
            # compose reads env_file: .env beside the file; validate against the example.
            shutil.copytree(os.path.join(ROOT, "compose"), os.path.join(tmp, "compose"))
            shutil.copy(os.path.join(ROOT, "compose", ".env.example"), os.path.join(tmp, "compose", ".env"))
            for name in ("tenants.yaml",):
                shutil.copy(os.path.join(ROOT, name), tmp)
            os.makedirs(os.path.join(tmp, "nginx"))
            result = subprocess.run([compose, "-f", os.path.join(tmp, "compose", "docker-compose.yml"), "config"],
                                    capture_output=True, text=True, timeout=60)
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertIn("gateway:", result.stdout)
            self.assertIn("certbot:", result.stdout)
            self.assertIn("gateway-data", result.stdout)

    def test_env_example_lists_every_variable_of_tenants_yaml(self):
        example = read("compose", ".env.example")
        listed = set(re.findall(r"^#?\s*([A-Z_][A-Z0-9_]*)=", example, re.M))
        missing = env_names(read("tenants.yaml")) - listed
        self.assertEqual(missing, set(), "add these to compose/.env.example")

    def test_env_example_holds_no_secret_values(self):
        for line in read("compose", ".env.example").splitlines():
            if "PASSWORD=" in line:
                self.assertTrue(line.endswith("="), line)

    def test_compose_nginx_site_is_current(self):
        generated = subprocess.run(
            [gateway_binary(), "nginx-config", "--config", "tenants.yaml", "--server-name", "data.example.com",
             "--upstream", "gateway:8008"], cwd=ROOT, check=True, capture_output=True, text=True).stdout
        self.assertEqual(read("compose", "nginx", "default.conf"), generated,
                         "compose/nginx/default.conf is stale: run scripts/update-generated")

    def test_compose_replicas_nginx_site_is_current(self):
        upstreams = [arg for name in ("gateway", "gateway-2", "gateway-3") for arg in ("--upstream", name + ":8008")]
        generated = subprocess.run(
            [gateway_binary(), "nginx-config", "--config", "tenants.yaml", "--server-name", "data.example.com",
             *upstreams], cwd=ROOT, check=True, capture_output=True, text=True).stdout
        self.assertEqual(read("compose", "nginx", "replicas.conf"), generated,
                         "compose/nginx/replicas.conf is stale: run scripts/update-generated")

    def test_dockerfile_is_multi_stage_non_root_with_healthcheck(self):
        dockerfile = read("compose", "Dockerfile")
        stages = re.findall(r"^FROM (\S+)", dockerfile, re.M)
        self.assertEqual(stages, ["debian:12", "debian:12-slim"])
        runtime = dockerfile.split("FROM debian:12-slim", 1)[1]
        self.assertNotRegex(runtime, r"-dev\b", "the final image installs only runtime libraries")
        self.assertRegex(runtime, r"(?m)^USER gateway$")
        self.assertRegex(runtime, r"(?m)^HEALTHCHECK .*\n.*curl -fsS http://127.0.0.1:8008/health")
        ignore = read(".dockerignore")
        for pattern in (".env", "data/", "build*/", ".git/"):
            self.assertIn(pattern, ignore.splitlines())


class SystemdTest(unittest.TestCase):
    def test_unit_verifies(self):
        analyze = shutil.which("systemd-analyze")
        if analyze is None:
            self.skipTest("systemd-analyze is not installed")
        unit = read("scripts", "systemd", "mssql-mcp-gateway.service")
        self.assertIn("NoNewPrivileges=yes", unit)
        self.assertIn("ProtectSystem=strict", unit)
        self.assertIn("ExecReload=/bin/kill -HUP $MAINPID", unit)
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "mssql-mcp-gateway.service")
            with open(path, "w") as f:
                f.write(unit.replace("/usr/local/bin/mssql-mcp-gateway", gateway_binary()))
            result = subprocess.run([analyze, "verify", path], capture_output=True, text=True, timeout=60)
            problems = [l for l in result.stderr.splitlines() if "mssql-mcp-gateway" in l]
            self.assertEqual(problems, [])


if __name__ == "__main__":
    unittest.main(verbosity=2)
